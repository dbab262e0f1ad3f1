package org.fleetstreams.common;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;
import java.util.List;

/**
 * A fast path in front of {@link ReadingJson}: reads an input value straight from its bytes when it has the plain shape
 * producers write (known fields, ASCII strings without escapes, numbers short enough to convert exactly), and answers
 * {@code null}, "not sure", for anything else, which {@link ReadingJson} on Jackson's parser then reads or refuses
 * with its own message. So it may only ever agree with Jackson: it never reports an error and never accepts a value
 * Jackson would refuse or read differently ({@code ReadingBytesTest} compares the two on generated and mutated input).
 *
 * <p>Why: parsing was 11 % of the app's stream thread, a third of it creating Jackson's parser for each record
 * (docs/benchmarks.md). What it accepts:
 * <ul>
 *   <li>one JSON object, JSON whitespace around tokens, the schema's field names only (no escapes), in any order, a
 *       repeated field's last value winning;</li>
 *   <li>numbers in JSON's grammar ({@link JsonNumbers}), converted to the correctly rounded double as Jackson's
 *       parser does: when the value is exactly {@code m * 10^e} with {@code m <= 2^53} and {@code |e| <= 22}, by one
 *       IEEE multiplication or division of two exact doubles (Clinger's fast path: the BDD data's samples), else by
 *       the FastDoubleParser Jackson bundles; an integer literal as Jackson reads one ({@code (double) long}, so
 *       {@code -0} is 0.0);</li>
 *   <li>strings of printable ASCII without backslashes, or {@code null} where the field may be null;</li>
 *   <li>{@code event_time} only as an integer literal of at most 18 digits.</li>
 * </ul>
 */
final class ReadingBytes {

    private static final int MAX_STRING = 4096;

    // Field codes: the index into NAMES.
    private static final byte[][] NAMES = bytes(ReadingFields.OFFSET, ReadingFields.ID, ReadingFields.RIDE_ID,
            ReadingFields.UUID, ReadingFields.X, ReadingFields.Y, ReadingFields.Z, ReadingFields.COURSE,
            ReadingFields.LATITUDE, ReadingFields.LONGITUDE, ReadingFields.GEOHASH, ReadingFields.SPEED,
            ReadingFields.ACCURACY, ReadingFields.EVENT_TIME);
    private static final int OFFSET = 0, ID = 1, RIDE_ID = 2, UUID = 3, X = 4, Y = 5, Z = 6, COURSE = 7, LATITUDE = 8,
            LONGITUDE = 9, GEOHASH = 10, SPEED = 11, ACCURACY = 12, EVENT_TIME = 13;
    // Which fields each schema has, and which of them are required, is ReadingFields' to say.
    private static final int ACCELERATION_FIELDS = mask(ReadingFields.ACCELERATION);
    private static final int ACCELERATION_REQUIRED = mask(ReadingFields.ACCELERATION_REQUIRED);
    private static final int LOCATION_FIELDS = mask(ReadingFields.LOCATION);
    private static final int LOCATION_REQUIRED = mask(ReadingFields.LOCATION_REQUIRED);

    private final byte[] b;
    private int i;
    private int seen;
    private final double[] numbers = new double[NAMES.length];
    private final String[] strings = new String[NAMES.length];
    private long eventTime;

    private ReadingBytes(byte[] b) {
        this.b = b;
    }

    /** The sample in {@code json}, or {@code null} if this fast path is not sure. */
    static AccelerationSample acceleration(byte[] json) {
        ReadingBytes r = new ReadingBytes(json);
        if (!r.object(ACCELERATION_FIELDS, ACCELERATION_REQUIRED)) {
            return null;
        }
        return new AccelerationSample(r.numbers[OFFSET], r.strings[ID], r.strings[RIDE_ID], r.strings[UUID],
                r.numbers[X], r.numbers[Y], r.numbers[Z], r.eventTime);
    }

    /** The fix in {@code json}, or {@code null} if this fast path is not sure. */
    static LocationFix location(byte[] json) {
        ReadingBytes r = new ReadingBytes(json);
        if (!r.object(LOCATION_FIELDS, LOCATION_REQUIRED)) {
            return null;
        }
        return new LocationFix(r.numbers[OFFSET], r.strings[ID], r.strings[RIDE_ID], r.strings[UUID],
                r.numbers[COURSE], r.numbers[LATITUDE], r.numbers[LONGITUDE], r.strings[GEOHASH], r.numbers[SPEED],
                r.numbers[ACCURACY], r.eventTime);
    }

    private boolean object(int fields, int required) {
        skipWhitespace();
        if (!take('{')) {
            return false;
        }
        do {
            skipWhitespace();
            int field = fieldName();
            if (field < 0 || (fields & (1 << field)) == 0) {
                return false;
            }
            skipWhitespace();
            if (!take(':')) {
                return false;
            }
            skipWhitespace();
            if (!value(field)) {
                return false;
            }
            skipWhitespace();
        } while (take(','));
        if (!take('}')) {
            return false;
        }
        skipWhitespace();
        return i == b.length && (seen & required) == required;
    }

    private boolean value(int field) {
        switch (field) {
            case ID, UUID, GEOHASH -> {
                if (takeNull()) {
                    strings[field] = null;
                    return true;
                }
                return string(field);
            }
            case RIDE_ID -> {
                return string(field); // a null ride_id is an error: Jackson's message
            }
            case EVENT_TIME -> {
                return eventTime();
            }
            default -> {
                return number(field);
            }
        }
    }

    private int fieldName() {
        if (!take('"')) {
            return -1;
        }
        int start = i;
        while (i < b.length && b[i] != '"') {
            i++;
        }
        if (i == b.length) {
            return -1;
        }
        int length = i - start;
        i++;
        int f = candidate(b[start], length);
        if (f >= 0 && NAMES[f].length == length && Arrays.equals(b, start, start + length, NAMES[f], 0, length)) {
            return f;
        }
        return -1; // an unknown or escaped name: Jackson skips or reads it
    }

    /** The one field a name of this first letter and length can be, or -1. */
    private static int candidate(byte first, int length) {
        return switch (first) {
            case 'o' -> OFFSET;
            case 'i' -> ID;
            case 'r' -> RIDE_ID;
            case 'u' -> UUID;
            case 'x' -> X;
            case 'y' -> Y;
            case 'z' -> Z;
            case 'c' -> COURSE;
            case 'l' -> length == 8 ? LATITUDE : LONGITUDE;
            case 'g' -> GEOHASH;
            case 's' -> SPEED;
            case 'a' -> ACCURACY;
            case 'e' -> EVENT_TIME;
            default -> -1;
        };
    }

    private boolean string(int field) {
        if (!take('"')) {
            return false;
        }
        int start = i;
        // Eight bytes at a time while none of them ends the string or needs a closer look (the ids are 32 characters)
        while (i + Long.BYTES <= b.length && JsonNumbers.plain(b, i)) {
            i += Long.BYTES;
        }
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                if (i - start > MAX_STRING) {
                    return false;
                }
                strings[field] = new String(b, start, i - start, ISO_8859_1);
                seen |= 1 << field;
                i++;
                return true;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false; // control characters (refused), escapes and non-ASCII: Jackson's
            }
            i++;
        }
        return false;
    }

    private boolean eventTime() {
        int start = i;
        boolean negative = take('-');
        int digitsStart = i;
        long value = 0;
        while (i < b.length && JsonNumbers.isDigit(b[i])) {
            value = value * 10 + (b[i] - '0');
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || digits > JsonNumbers.MAX_DIGITS || (digits > 1 && b[digitsStart] == '0') || i - start == 0) {
            return false;
        }
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            return false; // not an integral literal: the Jackson path reads it (a float truncated to its ms)
        }
        eventTime = ReadingFields.givenEventTime(negative ? -value : value);
        return true;
    }

    private boolean number(int field) {
        int end = JsonNumbers.read(b, i, numbers, field);
        if (end < 0) {
            return false;
        }
        i = end;
        seen |= 1 << field;
        return true;
    }

    private boolean takeNull() {
        if (i + 4 <= b.length && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
            i += 4;
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        if (i < b.length && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    private static byte[][] bytes(String... names) {
        byte[][] out = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            out[k] = names[k].getBytes(ISO_8859_1);
        }
        return out;
    }

    private static int mask(List<String> names) {
        int m = 0;
        for (String name : names) {
            byte[] bytes = name.getBytes(ISO_8859_1);
            int f = candidate(bytes[0], bytes.length);
            if (f < 0 || !Arrays.equals(NAMES[f], bytes)) {
                throw new IllegalStateException("no fast path for field " + name);
            }
            m |= 1 << f;
        }
        return m;
    }
}
