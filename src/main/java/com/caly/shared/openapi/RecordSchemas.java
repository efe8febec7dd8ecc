package com.caly.shared.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The schemas of the API's records say what Jackson writes: a component that is not {@code @Nullable} is always
 * present (required). Responses leave out fields without a value (spring.jackson.default-property-inclusion), so
 * a {@code @Nullable} component is optional and never null, except in a record that includes every field
 * ({@code @JsonInclude(ALWAYS)}): there it is required and its type admits null.
 */
class RecordSchemas implements ModelConverter {

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (schema == null || type.getType() == null) {
            return schema;
        }
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        if (!raw.isRecord() || !raw.getName().startsWith("com.caly.")) {
            return schema;
        }
        Schema<?> model = schema;
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            model = context.getDefinedModels().get(name);
        }
        if (model == null || model.getProperties() == null) {
            return schema;
        }
        JsonInclude include = raw.getAnnotation(JsonInclude.class);
        boolean always = include != null && include.value() == JsonInclude.Include.ALWAYS;
        List<String> required = model.getRequired() == null ? new ArrayList<>() : new ArrayList<>(model.getRequired());
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = component.getName();
            Schema<?> property = model.getProperties().get(name);
            if (property == null) {
                continue;
            }
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            if (nullable && always) {
                model.getProperties().put(name, withNull(property));
            }
            if ((!nullable || always) && !required.contains(name)) {
                required.add(name);
            }
        }
        model.setRequired(required.isEmpty() ? null : required);
        return schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> withNull(Schema<?> property) {
        if (property.get$ref() != null) {
            return new JsonSchema().oneOf(List.of(property, ApiDocs.typed("null")));
        }
        if (property.getTypes() != null) {
            property.addType("null");
        }
        return property;
    }
}
