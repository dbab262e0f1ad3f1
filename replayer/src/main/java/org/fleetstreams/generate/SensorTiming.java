package org.fleetstreams.generate;

/**
 * When the PHYSICS family's sensors report: the phone's accelerometer rate, and the time between two GPS fixes, drawn
 * uniformly from {@code [gpsMinS, gpsMaxS]} for each fix. The default is the BDD data's: phones at 10, 25 or 50 Hz (a
 * rate per car, {@code phoneHz} 0) and a fix every 1-4 s. Others ask the detector about sensors the data does not
 * have: a 100 Hz phone, a 1 Hz or a 5 Hz GPS receiver (docs/harsh-braking.md, "Other sensor timings").
 *
 * @param phoneHz 0 for a rate per car, else one that divides the simulation's 100 Hz step: 1, 2, 4, 5, 10, 20, 25, 50
 *                or 100
 * @param gpsLagS how far the GPS speed lags the car, seconds, for every car; {@link #LAG_PER_CAR} (the default): a lag
 *                per car from 0.7 to 1.3 s
 * @param gpsSpeedNoise the standard deviation of each fix's speed error, m/s ({@value #SPEED_NOISE}, a phone's Doppler
 *                speed in the open; worse receivers, or speeds derived from positions, are noisier)
 */
public record SensorTiming(int phoneHz, double gpsMinS, double gpsMaxS, double gpsLagS, double gpsSpeedNoise) {

    /** {@link #gpsLagS()}: a lag per car, 0.7-1.3 s, as the detector meets in the BDD data. */
    public static final double LAG_PER_CAR = -1;

    /** {@link #gpsSpeedNoise()} by default, m/s. */
    public static final double SPEED_NOISE = 0.2;

    public static final SensorTiming DEFAULT = new SensorTiming(0, 1, 4, LAG_PER_CAR, SPEED_NOISE);

    public SensorTiming {
        if (gpsLagS != LAG_PER_CAR && !(gpsLagS >= 0 && gpsLagS <= 4)) {
            throw new IllegalArgumentException("need a GPS lag from 0 to 4 s, was " + gpsLagS);
        }
        if (!(gpsSpeedNoise >= 0 && gpsSpeedNoise <= 10)) {
            throw new IllegalArgumentException("need a GPS speed noise from 0 to 10 m/s, was " + gpsSpeedNoise);
        }
        if (phoneHz < 0 || phoneHz > 0 && 100 % phoneHz != 0) {
            throw new IllegalArgumentException("need a phone rate that divides the simulation's 100 Hz (1, 2, 4, 5,"
                    + " 10, 20, 25, 50 or 100), was " + phoneHz);
        }
        if (!(gpsMinS >= 0.1 && gpsMaxS >= gpsMinS && gpsMaxS <= 60)) {
            throw new IllegalArgumentException("need a GPS interval MIN,MAX with 0.1 <= MIN <= MAX <= 60 (seconds), was "
                    + gpsMinS + "," + gpsMaxS);
        }
    }

    /** {@code MIN,MAX} or one number (seconds): the GPS interval of the {@code --gps-interval} options. */
    public static SensorTiming of(int phoneHz, String gpsInterval) {
        if (gpsInterval == null) {
            return new SensorTiming(phoneHz, DEFAULT.gpsMinS, DEFAULT.gpsMaxS, LAG_PER_CAR, SPEED_NOISE);
        }
        String[] parts = gpsInterval.split(",", -1);
        try {
            double min = Double.parseDouble(parts[0].strip());
            double max = parts.length == 1 ? min : Double.parseDouble(parts[1].strip());
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new SensorTiming(phoneHz, min, max, LAG_PER_CAR, SPEED_NOISE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("need a GPS interval as MIN,MAX or one number (seconds), was '"
                    + gpsInterval + "'");
        }
    }

    /** The same timing with every car's GPS speed lagging {@code seconds} (0 to 4). */
    public SensorTiming withGpsLag(double seconds) {
        return new SensorTiming(phoneHz, gpsMinS, gpsMaxS, seconds, gpsSpeedNoise);
    }

    /** The same timing with every fix's speed off by a Gaussian error of {@code metresPerSecond} (standard deviation). */
    public SensorTiming withGpsSpeedNoise(double metresPerSecond) {
        return new SensorTiming(phoneHz, gpsMinS, gpsMaxS, gpsLagS, metresPerSecond);
    }
}
