package com.caly.shared.mail;

import com.caly.shared.web.ApiException;
import org.springframework.http.HttpStatus;

/** The mail server could not be reached or refused the message. */
public class EmailDeliveryException extends ApiException {

    public EmailDeliveryException(Throwable cause) {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                "email-delivery-failed",
                "E-mail could not be sent",
                "We could not send the e-mail just now; nothing was changed, please try again in a moment");
        initCause(cause);
    }
}
