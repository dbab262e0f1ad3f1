package org.fleetstreams.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link ReadingBytes}) against the reader on Jackson's parser ({@link ReadingJson}), which decides
 * what the input formats mean: on every input the fast path either says "not sure" or reads exactly what Jackson
 * reads (the records' {@code equals} compares doubles bit for bit, so 0.0 and -0.0 differ). And it must not say
 * "not sure" to what producers write, or it would be no fast path at all.
 */
class ReadingBytesTest {

    private static final String[] NUMBERS = {"0", "-0", "0.0", "-0.0", "1", "-1", "10", "1.5", "-0.994", "0.045",
        "40.677641336844", "-73.81793000742218", "2.119999885559082", "1e5", "1E5", "1e+5", "1e-5", "-1.25e-3",
        "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993", "123456789012345678",
        "1234567890123456789", "0.1234567890123456789", "17976931348623157e292", "4.9e-324", "1.7976931348623157E308",
        "2.2250738585072014E-308", "0.30000000000000004", "00", "01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "1.5.3",
        "NaN", "Infinity", "-Infinity", "1_0", "0x10", "1e99999", "\"1.5\"", "null", "true", "[1]", "{}"};
    private static final String[] STRINGS = {"\"c9a2b46c\"", "\"\"", "null", "\"a\\\"b\"", "\"\\u0041\"", "\"é\"",
        "\"tab\there\"", "\"~\u007f\"", "12", "\"unterminated", "true"};
    private static final String[] EVENT_TIMES = {"1700000000822", "0", "-0", "-5", "1.5", "1e12", "007", "null",
        "\"1700000000822\"", "123456789012345678901", "9223372036854775807"};

    @Test
    void whatTheReplayerWritesIsReadByTheFastPathAndAgreesWithJackson() {
        ReadingJsonWriter writer = new ReadingJsonWriter();
        Random random = new Random(11);
        for (int k = 0; k < 2_000; k++) {
            LocationFix fix = new LocationFix(k * 1.1, random.nextBoolean() ? null : "id" + k, "ride" + k, "u" + k,
                    random.nextDouble() * 360, random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180,
                    random.nextBoolean() ? null : "dr5ru", Math.round(random.nextDouble() * 3000) / 100.0, 10.0, 0);
            byte[] fixJson = writer.write(fix, 1_700_000_000_000L + k).json();
            LocationFix fast = ReadingBytes.location(fixJson);
            assertThat(fast).as(new String(fixJson, UTF_8)).isNotNull().isEqualTo(jackson(fixJson, true));
            AccelerationSample sample = new AccelerationSample(k * 0.02, null, "ride" + k, "u", random.nextGaussian(),
                    Math.round(random.nextGaussian() * 1000) / 1000.0, -1.0, 0);
            byte[] sampleJson = writer.write(sample, 1_700_000_000_000L + k).json();
            AccelerationSample fastSample = ReadingBytes.acceleration(sampleJson);
            assertThat(fastSample).as(new String(sampleJson, UTF_8)).isNotNull().isEqualTo(jackson(sampleJson, false));
        }
    }

    @Test
    void theCoursesOwnFormatIsReadByTheFastPath() {
        String course = "{ \"offset\": 0.822, \"id\": null, \"ride_id\": \"c9a2b46c\", \"uuid\": \"19b9aa10\",\n"
                + "  \"x\": -0.994, \"y\": 0.045, \"z\": -1 }";
        assertThat(ReadingBytes.acceleration(course.getBytes(UTF_8)))
                .isEqualTo(new AccelerationSample(0.822, null, "c9a2b46c", "19b9aa10", -0.994, 0.045, -1.0, 0));
    }

    @Test
    void everyNumberStringAndEventTimeIsReadAsJacksonReadsItOrLeftToJackson() {
        String plain = "{\"offset\":1.5,\"id\":\"c9a2b46c\",\"ride_id\":\"r\",\"uuid\":null,\"x\":1.5,\"y\":-0.994,"
                + "\"z\":-0.25,\"event_time\":1700000000822}";
        assertThat(agrees(plain.getBytes(UTF_8))).as("the plain shape is read by the fast path").isTrue();
        for (String number : NUMBERS) {
            for (String string : STRINGS) {
                for (String eventTime : EVENT_TIMES) {
                    String json = "{\"offset\":" + number + ",\"id\":" + string + ",\"ride_id\":\"r\",\"uuid\":null,"
                            + "\"x\":1.5,\"y\":" + number + ",\"z\":-0.25,\"event_time\":" + eventTime + "}";
                    agrees(json.getBytes(UTF_8));
                }
            }
        }
    }

    @Test
    void numbersConvertToTheCorrectlyRoundedDouble() {
        Random random = new Random(5);
        int fast = 0;
        for (int k = 0; k < 200_000; k++) {
            // Decimal text of 1 to 20 digits with the point anywhere and an optional exponent.
            int digits = 1 + random.nextInt(20);
            StringBuilder m = new StringBuilder();
            m.append(1 + random.nextInt(9));
            for (int d = 1; d < digits; d++) {
                m.append(random.nextInt(10));
            }
            int point = random.nextInt(digits + 1);
            String text = point == digits ? m.toString() : (point == 0 ? "0." + m : m.substring(0, point) + "." + m.substring(point));
            if (random.nextInt(4) == 0) {
                text += "e" + (random.nextInt(61) - 30);
            }
            if (random.nextBoolean()) {
                text = "-" + text;
            }
            byte[] json = ("{\"offset\":1,\"ride_id\":\"r\",\"x\":" + text + ",\"y\":0,\"z\":0}").getBytes(UTF_8);
            AccelerationSample read = ReadingBytes.acceleration(json);
            if (read != null) {
                fast++;
                assertThat(read.x()).as(text).isEqualTo(Double.parseDouble(text));
                assertThat(read).as(text).isEqualTo(jackson(json, false));
            }
        }
        assertThat(fast).as("numbers the fast path read").isEqualTo(200_000);
    }

    @Test
    void mutatedInputIsNeverAcceptedWhereJacksonRefusesItOrReadsItDifferently() {
        ReadingJsonWriter writer = new ReadingJsonWriter(true);
        Random random = new Random(3);
        byte[] alphabet = "{}[]\":,.-+eE0123456789 \t\nnultrfasxyzid_\\\u007f".getBytes(UTF_8);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(writer.write(new LocationFix(1.525, null, "c9a2b46c", "19b9aa10", 299.6, 40.76287, -73.96194,
                "dr5ruuwscttz", -1.0, 10.0, 0), 1_700_000_001_525L).json());
        seeds.add(writer.write(new AccelerationSample(0.822, "58682c5d", "c9a2b46c", "19b9aa10", -0.994, 0.045, -0.036,
                0), 1_700_000_000_822L).json());
        seeds.add(reordered("{\"offset\":0.5,\"ride_id\":\"r\",\"x\":1,\"y\":2,\"z\":3,\"uuid\":\"u\"}", random));
        for (int k = 0; k < 100_000; k++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] mutated = mutate(seed, alphabet, random);
            agrees(mutated);
        }
    }

    /** Whether the fast path read {@code json}; asserts it agrees with Jackson when it did. */
    private static boolean agrees(byte[] json) {
        boolean location = new String(json, UTF_8).contains("\"course\"");
        Object fast = location ? ReadingBytes.location(json) : ReadingBytes.acceleration(json);
        if (fast == null) {
            return false;
        }
        Object slow;
        try {
            slow = jackson(json, location);
        } catch (RuntimeException e) {
            throw new AssertionError("the fast path read " + fast + " from what Jackson refuses: "
                    + new String(json, UTF_8), e);
        }
        assertThat(fast).as(new String(json, UTF_8)).isEqualTo(slow);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> T jackson(byte[] json, boolean location) {
        try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
            return (T) (location ? ReadingJson.location(p) : ReadingJson.acceleration(p));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static byte[] mutate(byte[] seed, byte[] alphabet, Random random) {
        List<Byte> bytes = new ArrayList<>(seed.length + 4);
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !bytes.isEmpty(); e++) {
            int at = random.nextInt(bytes.size());
            byte c = alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(3)) {
                case 0 -> bytes.set(at, c);
                case 1 -> bytes.add(at, c);
                default -> bytes.remove(at);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = bytes.get(k);
        }
        return out;
    }

    private static byte[] reordered(String json, Random random) {
        String body = json.substring(1, json.length() - 1);
        List<String> fields = new ArrayList<>(List.of(body.split(",")));
        Collections.shuffle(fields, random);
        return ("{" + String.join(" , ", fields) + "}").getBytes(UTF_8);
    }

    @Test
    void eightBytesArePlainExactlyWhenEachIsPrintableAsciiOtherThanQuoteAndBackslash() {
        Random random = new Random(41);
        for (int n = 0; n < 400_000; n++) {
            byte[] word = new byte[8];
            boolean one = n < 8 * 256; // first every value at every place, among plain bytes
            for (int k = 0; k < 8; k++) {
                // else mostly plain bytes, so that one odd byte (at any place, of any value) decides
                word[k] = (byte) (!one && random.nextInt(4) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
            }
            if (one) {
                word[n / 256] = (byte) (n % 256);
            }
            boolean expected = true;
            long w = 0;
            for (int k = 7; k >= 0; k--) {
                int c = word[k] & 0xff;
                expected &= c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
                w = (w << 8) | c; // little-endian: byte 0 is the lowest
            }
            assertThat(JsonNumbers.plain(w)).as("word %016x", w).isEqualTo(expected);
        }
    }
}
