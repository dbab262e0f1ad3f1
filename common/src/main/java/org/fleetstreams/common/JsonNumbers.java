package org.fleetstreams.common;

import com.fasterxml.jackson.core.io.NumberInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level scans of {@link ReadingBytes}: a JSON number to the double Jackson's parser would give, and a test of
 * eight string bytes at once. Pure functions over a byte array and a position, so that the reader keeps the object's
 * structure and these keep the arithmetic that has to agree with Jackson to the last bit.
 */
final class JsonNumbers {

    static final int MAX_DIGITS = 18;
    private static final long MAX_EXACT = 1L << 53;
    private static final int MAX_NUMBER = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private JsonNumbers() {
    }

    /**
     * Reads the JSON number that starts at {@code b[from]} into {@code out[slot]} and answers the index after it, or
     * -1 if this path is not sure (not JSON's grammar, or a literal Jackson reads by another route).
     */
    static int read(byte[] b, int from, double[] out, int slot) {
        int i = from;
        boolean negative = i < b.length && b[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int intStart = i;
        while (i < b.length && isDigit(b[i])) {
            m = m * 10 + (b[i++] - '0');
            digits++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            return -1; // no digits, or a leading zero: Jackson's error
        }
        int scale = 0;
        boolean integral = true;
        if (i < b.length && b[i] == '.') {
            integral = false;
            i++;
            int fracStart = i;
            while (i < b.length && isDigit(b[i])) {
                m = m * 10 + (b[i++] - '0');
                digits++;
            }
            scale = i - fracStart;
            if (scale == 0) {
                return -1;
            }
        }
        int exponent = 0;
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            integral = false;
            i++;
            boolean negativeExponent = i < b.length && b[i] == '-';
            if (negativeExponent || (i < b.length && b[i] == '+')) {
                i++;
            }
            int expStart = i;
            while (i < b.length && isDigit(b[i]) && i - expStart < 4) {
                exponent = exponent * 10 + (b[i++] - '0');
            }
            if (i == expStart || (i < b.length && isDigit(b[i]))) {
                return -1;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        double value;
        int e = exponent - scale;
        if (digits <= MAX_DIGITS && m <= MAX_EXACT && (integral || (e >= -22 && e <= 22))) {
            if (integral) {
                value = (double) (negative ? -m : m); // Jackson reads an integer literal as a long: -0 is 0.0
            } else {
                // Clinger's fast path: both operands are exact doubles, so one IEEE operation rounds correctly
                double exact = e >= 0 ? (double) m * POW10[e] : (double) m / POW10[-e];
                value = negative ? -exact : exact;
            }
        } else if (i - from <= MAX_NUMBER && m != 0) {
            // Longer mantissas (17-digit offsets and coordinates): the FastDoubleParser bundled with Jackson, the
            // conversion Jackson's own parser makes (correctly rounded, as the JDK's, which is several times slower).
            char[] text = new char[i - from];
            for (int k = 0; k < text.length; k++) {
                text[k] = (char) b[from + k];
            }
            value = NumberInput.parseDouble(text, 0, text.length, true);
        } else {
            return -1;
        }
        out[slot] = value;
        return i;
    }

    /** Whether the eight bytes from {@code b[i]} are all plain string bytes ({@link #plain(long)}). */
    static boolean plain(byte[] b, int i) {
        return plain((long) LONGS.get(b, i));
    }

    /**
     * Whether all eight bytes of {@code w} are printable ASCII other than a quote and a backslash (0x20-0x7e): the
     * word tests for a byte below 0x20, a byte above 0x7e, a zero byte after XOR with '"' and with '\\'. Each says
     * exactly whether there is such a byte (a borrow or carry can only come from one that is).
     */
    static boolean plain(long w) {
        long below = (w - ONES * 0x20) & ~w;
        long above = (w + ONES) | w;
        long quote = w ^ (ONES * '"');
        long backslash = w ^ (ONES * '\\');
        return ((below | above | ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)) & HIGHS) == 0;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
