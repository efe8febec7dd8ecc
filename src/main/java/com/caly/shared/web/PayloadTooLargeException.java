package com.caly.shared.web;

import java.io.IOException;

/**
 * Thrown while a body is being read, once it passes the size limit. An {@link IOException} so that it travels
 * through message converters, which wrap it; the exception handler looks for it in the cause chain.
 */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
