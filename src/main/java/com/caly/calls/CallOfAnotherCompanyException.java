package com.caly.calls;

/**
 * A report named a provider call id already recorded for another company. Nothing of the report was written; a
 * provider's call belongs to one company only.
 */
public class CallOfAnotherCompanyException extends IllegalStateException {

    public CallOfAnotherCompanyException(String providerCallSid) {
        super("call " + providerCallSid + " belongs to another company");
    }
}
