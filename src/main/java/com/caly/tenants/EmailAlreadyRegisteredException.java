package com.caly.tenants;

/** Raised to the caller of {@link TenantService}, never to a client: responses must not reveal which e-mails exist. */
public class EmailAlreadyRegisteredException extends RuntimeException {

    public EmailAlreadyRegisteredException() {
        super("This e-mail address already belongs to a member");
    }
}
