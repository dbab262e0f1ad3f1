package org.fleetstreams.sparkcheck;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.window;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The guide's q2 and q3 over every record of a replay (one batch read, so nothing is late), compared with what the app
 * wrote for the same records: q2 row for row with {@code PREFIX-car-summaries} (same windows, means and maxima equal),
 * q3 pair for pair with {@code PREFIX-joined}. The replay's closing records (ride {@code __closing__}) are left out, as
 * the replayer's docs ask of other readers.
 *
 * <p>Run by {@code docs/spark-check/run.sh} (its {@code check_jvm}: Spark needs the class path and JVM flags it sets),
 * with the arguments {@code BOOTSTRAP PREFIX [OFFSET_EPOCH_SECONDS]}; the third when the app ran with
 * {@code --offset-epoch}: Spark then takes each reading's time from its offset as the guide says. Prints one line per query and exits 0 when both agree, 1 when they
 * differ (the first differing rows are shown), 2 when it could not compare (an error, or nothing to compare). The
 * app's topics are read {@code read_committed}, as its consumers would; its inputs as the guide reads them.
 */
public final class CompareWithApp {

    private static final StructType SUMMARY = new StructType()
            .add("ride_id", DataTypes.StringType)
            .add("window_start", DataTypes.LongType)
            .add("window_end", DataTypes.LongType)
            .add("gps_fixes", DataTypes.LongType)
            .add("speed_fixes", DataTypes.LongType)
            .add("mean_speed", DataTypes.DoubleType)
            .add("max_speed", DataTypes.DoubleType);

    private static final StructType JOINED = new StructType()
            .add("ride_id", DataTypes.StringType)
            .add("location_event_time", DataTypes.LongType)
            .add("speed", DataTypes.DoubleType)
            .add("latitude", DataTypes.DoubleType)
            .add("longitude", DataTypes.DoubleType)
            .add("acceleration_event_time", DataTypes.LongType)
            .add("x", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType)
            .add("z", DataTypes.DoubleType);

    private static final String CLOSING_RIDE = "__closing__";

    private CompareWithApp() {
    }

    public static void main(String[] args) {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: CompareWithApp BOOTSTRAP PREFIX [OFFSET_EPOCH_SECONDS]");
            System.exit(2);
        }
        Long offsetEpoch = args.length == 3 ? Long.valueOf(args[2]) : null;
        int status;
        try {
            SparkSession spark = CourseQueries.session("compare-with-app");
            try {
                status = compare(spark, args[0], args[1], offsetEpoch);
            } finally {
                spark.stop();
            }
        } catch (Throwable e) {
            // an error is not a difference: exit 1 must mean only that
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private static int compare(SparkSession spark, String bootstrap, String prefix, Long offsetEpoch) {
        Dataset<Row> locations = withoutClosing(CourseQueries.read(spark, bootstrap, prefix + "-locations",
                CourseQueries.LOCATION_SCHEMA, false));
        Dataset<Row> accelerations = withoutClosing(CourseQueries.read(spark, bootstrap, prefix + "-accelerations",
                CourseQueries.ACCELERATION_SCHEMA, false));
        if (offsetEpoch != null) {
            locations = CourseQueries.onOffsetClock(locations, offsetEpoch);
            accelerations = CourseQueries.onOffsetClock(accelerations, offsetEpoch);
            System.out.printf("event time: each reading's offset after %d s (the app's --offset-epoch), not its"
                    + " record timestamp%n", offsetEpoch);
        }
        locations = locations.cache();
        accelerations = accelerations.cache();
        long fixes = locations.count();
        long samples = accelerations.count();
        System.out.printf("input: %,d locations, %,d accelerations (%s-*, closing records left out)%n", fixes,
                samples, prefix);
        if (fixes == 0 || samples == 0) {
            System.out.println("nothing to compare: an input topic is empty");
            return 2;
        }
        boolean windows = compareWindows(spark, bootstrap, prefix, locations, accelerations);
        boolean pairs = comparePairs(spark, bootstrap, prefix, locations, accelerations);
        return windows && pairs ? 0 : 1;
    }

    /**
     * q2 against the summaries. The app also writes a window whose fixes all have speed -1 or that has samples but no
     * fix (mean {@code null}), which q2's {@code where} leaves out: each of the app's windows must hold at least one
     * reading of its ride, and q2's windows are matched with the app's that have a mean. The app's {@code gps_fixes}
     * counts every fix where q2's {@code fixes} counts the known speeds, so it may only be larger; its
     * {@code speed_fixes} counts the known speeds too, so it must equal q2's {@code fixes}. Equality is exact
     * (null-safe): both sum the same doubles, and any difference is reported.
     */
    private static boolean compareWindows(SparkSession spark, String bootstrap, String prefix,
                                          Dataset<Row> locations, Dataset<Row> accelerations) {
        Dataset<Row> q2 = CourseQueries.meanSpeed(locations).select(col("ride_id"),
                expr("unix_millis(window.start)").alias("window_start"),
                expr("unix_millis(window.end)").alias("window_end"),
                col("mean_speed"), col("max_speed"), col("fixes")).cache();
        Dataset<Row> summaries = withoutClosing(readCommitted(spark, bootstrap, prefix + "-car-summaries", SUMMARY))
                .cache();
        long written = summaries.count();
        long distinct = summaries.select("ride_id", "window_start").distinct().count();
        Dataset<Row> readingWindows = locations.select("ride_id", "ts").union(accelerations.select("ride_id", "ts"))
                .groupBy(window(col("ts"), "30 seconds", "15 seconds"), col("ride_id")).count()
                .select(col("ride_id"), expr("unix_millis(window.start)").alias("window_start"));
        long empty = summaries.select("ride_id", "window_start").exceptAll(readingWindows).count();
        Dataset<Row> app = summaries.where(col("mean_speed").isNotNull()).select(col("ride_id"),
                col("window_start"), col("window_end").alias("app_window_end"),
                col("mean_speed").alias("app_mean_speed"), col("max_speed").alias("app_max_speed"),
                col("gps_fixes"), col("speed_fixes"));
        Dataset<Row> both = q2.join(app, CollectionConverters.asScala(List.of("ride_id", "window_start")).toSeq(),
                "full_outer").cache();
        Dataset<Row> unmatched = both.where(col("app_mean_speed").isNull().or(col("mean_speed").isNull()));
        Row matched = both.where(col("app_mean_speed").isNotNull().and(col("mean_speed").isNotNull()))
                .agg(count("*"),
                        max(abs(col("mean_speed").minus(col("app_mean_speed")))),
                        max(abs(col("max_speed").minus(col("app_max_speed")))),
                        expr("count_if(NOT (max_speed <=> app_max_speed))"),
                        expr("count_if(NOT (window_end <=> app_window_end))"),
                        expr("count_if(NOT (fixes <= gps_fixes))"),
                        expr("count_if(fixes != gps_fixes)"),
                        expr("count_if(NOT (fixes <=> speed_fixes))"))
                .first();
        long unmatchedRows = unmatched.count();
        long rows = q2.count();
        double meanDiff = matched.isNullAt(1) ? 0 : matched.getDouble(1);
        double maxDiff = matched.isNullAt(2) ? 0 : matched.getDouble(2);
        long maxDiffers = matched.getLong(3);
        long endsDiffer = matched.getLong(4);
        long fewerFixes = matched.getLong(5);
        long speedFixesDiffer = matched.getLong(7);
        System.out.printf("q2 mean speed, 30 s windows every 15 s: Spark %,d rows; app %,d summaries (%,d distinct"
                        + " ride-windows, %,d with a mean speed, %,d without a reading of their ride); %,d matched,"
                        + " %,d unmatched; largest difference of mean_speed %s, of max_speed %s; max_speed differing"
                        + " %,d, window ends differing %,d, app gps_fixes below q2's fixes %,d; windows where the"
                        + " app's gps_fixes (every fix) exceeds q2's fixes (known speeds) %,d; app speed_fixes"
                        + " differing from q2's fixes %,d%n",
                rows, written, distinct, app.count(), empty, matched.getLong(0), unmatchedRows, meanDiff, maxDiff,
                maxDiffers, endsDiffer, fewerFixes, matched.getLong(6), speedFixesDiffer);
        boolean agree = rows > 0 && unmatchedRows == 0 && written == distinct && empty == 0 && meanDiff == 0
                && maxDiffers == 0 && endsDiffer == 0 && fewerFixes == 0 && speedFixesDiffer == 0;
        if (!agree) {
            unmatched.show(10, false);
        }
        return agree;
    }

    /** q3 against the joined pairs, as multisets of (ride, fix time, sample time, speed, position, x, y, z). */
    private static boolean comparePairs(SparkSession spark, String bootstrap, String prefix, Dataset<Row> locations,
                                        Dataset<Row> accelerations) {
        String[] fields = {"ride_id", "location_event_time", "acceleration_event_time", "speed", "latitude",
            "longitude", "x", "y", "z"};
        // Spark keeps a time from an offset to the microsecond (14.9799996 s); the app rounds it to the nearest
        // millisecond, as the replayer stamps it: unix_millis would truncate, so the times are rounded here alike
        Dataset<Row> q3 = CourseQueries.join(locations, accelerations).select(col("ride_id"),
                        expr("CAST(round(unix_micros(location_time) / 1000.0) AS BIGINT)").alias("location_event_time"),
                        expr("CAST(round(unix_micros(acceleration_time) / 1000.0) AS BIGINT)")
                                .alias("acceleration_event_time"),
                        col("speed"), col("latitude"), col("longitude"), col("x"), col("y"), col("z"))
                .selectExpr(fields).cache();
        Dataset<Row> app = readCommitted(spark, bootstrap, prefix + "-joined", JOINED).selectExpr(fields).cache();
        Dataset<Row> onlySpark = q3.exceptAll(app).cache();
        Dataset<Row> onlyApp = app.exceptAll(q3).cache();
        long sparkOnly = onlySpark.count();
        long appOnly = onlyApp.count();
        long pairs = q3.count();
        System.out.printf("q3 join, +/- 2 s per ride: Spark %,d pairs, app %,d pairs; in Spark's only %,d, in the"
                + " app's only %,d%n", pairs, app.count(), sparkOnly, appOnly);
        if (sparkOnly + appOnly > 0) {
            onlySpark.show(5, false);
            onlyApp.show(5, false);
        }
        return pairs > 0 && sparkOnly == 0 && appOnly == 0;
    }

    /** One of the app's output topics, every committed record: what a consumer of its transactions reads. */
    private static Dataset<Row> readCommitted(SparkSession spark, String bootstrap, String topic, StructType schema) {
        return CourseQueries.batch(spark, bootstrap, topic)
                .option("kafka.isolation.level", "read_committed")
                .load()
                .select(from_json(col("value").cast("string"), schema).alias("r"))
                .select("r.*");
    }

    private static Dataset<Row> withoutClosing(Dataset<Row> records) {
        return records.where(col("ride_id").isNull().or(col("ride_id").notEqual(CLOSING_RIDE)));
    }
}
