package org.fleetstreams.overview;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes what a {@link RideState} does not know yet as JSON {@code null}: a ride whose only input so far is an
 * accelerometer-only alert has no position (NaN, which Jackson would write as the string {@code "NaN"}) and no fix
 * time ({@link Long#MIN_VALUE}, which JavaScript cannot even hold exactly). The record keeps primitives, which its
 * binary store format writes as they are.
 */
final class UnknownAsNull extends StdSerializer<Object> {

    UnknownAsNull() {
        super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value instanceof Double d && d.isNaN() || value instanceof Long l && l == Long.MIN_VALUE) {
            gen.writeNull();
        } else {
            provider.defaultSerializeValue(value, gen);
        }
    }
}
