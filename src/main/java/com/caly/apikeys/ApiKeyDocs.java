package com.caly.apikeys;

import com.caly.shared.openapi.ApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * API keys in the OpenAPI document: the GETs a scope opens take a key besides an access token (and may be rate
 * limited), and a new key's scopes are the codes of {@link ApiKeyScope}.
 */
@Component
class ApiKeyDocs implements OpenApiCustomizer {

    @Override
    @SuppressWarnings("unchecked")
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() != null) {
            openApi.getPaths().forEach((path, item) -> {
                Operation get = item.getGet();
                Optional<ApiKeyScope> scope = ApiKeyScope.forPath(path);
                if (get == null
                        || scope.isEmpty()
                        || get.getSecurity() == null
                        || get.getSecurity().isEmpty()) {
                    return;
                }
                List<SecurityRequirement> security = new ArrayList<>(get.getSecurity());
                security.add(new SecurityRequirement().addList(ApiDocs.API_KEY));
                get.setSecurity(security);
                String note = "API keys with the scope `" + scope.get().code() + "` may call this.";
                get.setDescription(get.getDescription() == null ? note : get.getDescription() + "\n\n" + note);
                get.getResponses()
                        .addApiResponse(
                                "429", ApiDocs.problem("429", path, "The API key made too many requests this minute"));
                get.setResponses(ApiDocs.ordered(get.getResponses()));
            });
        }
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            Schema<?> newKey = openApi.getComponents().getSchemas().get("NewKey");
            if (newKey != null
                    && newKey.getProperties() != null
                    && newKey.getProperties().get("scopes") != null) {
                Schema<Object> item =
                        (Schema<Object>) newKey.getProperties().get("scopes").getItems();
                item.setEnum(new ArrayList<>(Arrays.stream(ApiKeyScope.values())
                        .map(ApiKeyScope::code)
                        .toList()));
            }
        }
    }
}
