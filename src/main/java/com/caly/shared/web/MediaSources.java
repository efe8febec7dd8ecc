package com.caly.shared.web;

import java.util.List;

/**
 * Origins other than the service's own from which the console may play media (the Content-Security-Policy's
 * {@code media-src}); a module whose links point elsewhere, such as a recordings bucket, contributes a bean.
 */
public record MediaSources(List<String> origins) {

    public MediaSources {
        origins = List.copyOf(origins);
    }
}
