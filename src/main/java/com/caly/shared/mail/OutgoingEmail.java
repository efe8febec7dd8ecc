package com.caly.shared.mail;

/** One e-mail to one recipient, with a plain-text and an HTML body. */
public record OutgoingEmail(String to, String subject, String text, String html) {}
