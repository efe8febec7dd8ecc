package com.caly.shared.mail;

/** Sends e-mail. Implementations either deliver it or throw {@link EmailDeliveryException}. */
public interface EmailSender {

    void send(OutgoingEmail email);
}
