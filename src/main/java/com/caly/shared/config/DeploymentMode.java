package com.caly.shared.config;

import org.springframework.core.env.PropertyResolver;

/** Whether this is a production deployment (NODE_ENV=production): some help is for development runs only. */
public final class DeploymentMode {

    private DeploymentMode() {}

    public static boolean isProduction(PropertyResolver environment) {
        return SettingsCheck.isProduction(environment::getProperty);
    }
}
