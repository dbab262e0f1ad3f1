package org.fleetstreams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The one helper every binary store serde writes through: what goes in comes out, another format is refused. */
class StoreFormatTest {

    private static final StoreFormat FORMAT = new StoreFormat("some-store", (byte) 4);

    @Test
    void fieldsStringsArraysAndFlagsRoundTripAfterTheFormatByte() {
        byte[][] strings = StoreFormat.utf8("ride", null, "é\0x");
        ByteBuffer b = FORMAT.allocate(8 + StoreFormat.length(strings) + 2 + 2 * 8 + 1).putLong(-7);
        StoreFormat.putStrings(b, strings);
        StoreFormat.putArray(b, new double[] {1.5, -0.0});
        b.put(StoreFormat.flags(true, false, true));
        byte[] bytes = b.array();

        assertThat(bytes[0]).isEqualTo((byte) 4);
        assertThat(b.hasRemaining()).isFalse();
        ByteBuffer r = FORMAT.open(bytes);
        assertThat(r.getLong()).isEqualTo(-7);
        assertThat(StoreFormat.getString(r)).isEqualTo("ride");
        assertThat(StoreFormat.getString(r)).isNull();
        assertThat(StoreFormat.getString(r)).isEqualTo("é\0x");
        assertThat(StoreFormat.getArray(r)).containsExactly(1.5, -0.0);
        byte flags = r.get();
        assertThat(StoreFormat.bit(flags, 0)).isTrue();
        assertThat(StoreFormat.bit(flags, 1)).isFalse();
        assertThat(StoreFormat.bit(flags, 2)).isTrue();
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void writtenIsWhatWasPutSoFar() {
        ByteBuffer b = FORMAT.allocate(100).putInt(9);

        assertThat(StoreFormat.written(b)).containsExactly(4, 0, 0, 0, 9);
    }

    @Test
    void aValueInAnotherFormatIsRefusedNamingTheStoreAndWhatToDo() {
        byte[] other = new StoreFormat("some-store", (byte) 5).allocate(8).putLong(1).array();

        assertThatThrownBy(() -> FORMAT.open(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store some-store holds a value in format 5, this version reads 4")
                .hasMessageContaining("kafka-streams-application-reset");
        assertThatThrownBy(() -> FORMAT.open(new byte[0])).hasMessageContaining("holds a value in format (empty)");
    }
}
