package org.fleetstreams.sparkcheck;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;

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
 * <pre>java ... org.fleetstreams.sparkcheck.CompareWithApp BOOTSTRAP PREFIX</pre>
 *
 * Prints one line per query and exits 0 when both agree, 1 when not (the first differing rows are shown).
 */
public final class CompareWithApp {

    private static final StructType SUMMARY = new StructType()
            .add("ride_id", DataTypes.StringType)
            .add("window_start", DataTypes.LongType)
            .add("window_end", DataTypes.LongType)
            .add("gps_fixes", DataTypes.LongType)
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
        if (args.length != 2) {
            System.err.println("usage: CompareWithApp BOOTSTRAP PREFIX");
            System.exit(2);
        }
        SparkSession spark = CourseQueries.session("compare-with-app");
        boolean agree;
        try {
            agree = compare(spark, args[0], args[1]);
        } finally {
            spark.stop();
        }
        System.exit(agree ? 0 : 1);
    }

    private static boolean compare(SparkSession spark, String bootstrap, String prefix) {
        Dataset<Row> locations = withoutClosing(CourseQueries.read(spark, bootstrap, prefix + "-locations",
                CourseQueries.LOCATION_SCHEMA, false)).cache();
        Dataset<Row> accelerations = withoutClosing(CourseQueries.read(spark, bootstrap, prefix + "-accelerations",
                CourseQueries.ACCELERATION_SCHEMA, false)).cache();
        System.out.printf("input: %,d locations, %,d accelerations (%s-*, closing records left out)%n",
                locations.count(), accelerations.count(), prefix);
        boolean windows = compareWindows(spark, bootstrap, prefix, locations);
        boolean pairs = comparePairs(spark, bootstrap, prefix, locations, accelerations);
        return windows && pairs;
    }

    /**
     * q2 against the summaries. The app also writes a window whose fixes all have speed -1 or that has samples but no
     * fix (mean {@code null}), which q2's {@code where} leaves out; those are counted apart. Its {@code gps_fixes}
     * counts every fix where q2's {@code fixes} counts the known speeds, so the counts are reported, not compared.
     */
    private static boolean compareWindows(SparkSession spark, String bootstrap, String prefix,
                                          Dataset<Row> locations) {
        Dataset<Row> q2 = CourseQueries.meanSpeed(locations).select(col("ride_id"),
                expr("unix_millis(window.start)").alias("window_start"),
                expr("unix_millis(window.end)").alias("window_end"),
                col("mean_speed"), col("max_speed"), col("fixes")).cache();
        Dataset<Row> summaries = withoutClosing(CourseQueries.read(spark, bootstrap, prefix + "-car-summaries",
                SUMMARY, false)).cache();
        long written = summaries.count();
        long distinct = summaries.select("ride_id", "window_start").distinct().count();
        Dataset<Row> app = summaries.where(col("mean_speed").isNotNull()).select(col("ride_id"),
                col("window_start"), col("window_end").alias("app_window_end"),
                col("mean_speed").alias("app_mean_speed"), col("max_speed").alias("app_max_speed"),
                col("gps_fixes"));
        Dataset<Row> both = q2.join(app, CollectionConverters.asScala(List.of("ride_id", "window_start")).toSeq(),
                "full_outer").cache();
        Dataset<Row> unmatched = both.where(col("app_mean_speed").isNull().or(col("mean_speed").isNull()));
        Row matched = both.where(col("app_mean_speed").isNotNull().and(col("mean_speed").isNotNull()))
                .agg(count("*"),
                        max(abs(col("mean_speed").minus(col("app_mean_speed")))),
                        max(abs(col("max_speed").minus(col("app_max_speed")))),
                        expr("count_if(window_end != app_window_end)"),
                        expr("count_if(fixes != gps_fixes)"))
                .first();
        long unmatchedRows = unmatched.count();
        double meanDiff = matched.isNullAt(1) ? 0 : matched.getDouble(1);
        double maxDiff = matched.isNullAt(2) ? 0 : matched.getDouble(2);
        long endsDiffer = matched.getLong(3);
        System.out.printf("q2 mean speed, 30 s windows every 15 s: Spark %,d rows; app %,d summaries (%,d distinct"
                        + " ride-windows, %,d with a mean speed); %,d matched, %,d unmatched; largest difference of"
                        + " mean_speed %s, of max_speed %s; window ends differing %,d; windows where the app's"
                        + " gps_fixes (every fix) differs from q2's fixes (known speeds) %,d%n",
                q2.count(), written, distinct, app.count(), matched.getLong(0), unmatchedRows, meanDiff, maxDiff,
                endsDiffer, matched.getLong(4));
        boolean agree = unmatchedRows == 0 && written == distinct && meanDiff == 0 && maxDiff == 0 && endsDiffer == 0;
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
        Dataset<Row> q3 = CourseQueries.join(locations, accelerations).select(col("ride_id"),
                        expr("unix_millis(location_time)").alias("location_event_time"),
                        expr("unix_millis(acceleration_time)").alias("acceleration_event_time"),
                        col("speed"), col("latitude"), col("longitude"), col("x"), col("y"), col("z"))
                .selectExpr(fields).cache();
        Dataset<Row> app = CourseQueries.read(spark, bootstrap, prefix + "-joined", JOINED, false)
                .selectExpr(fields).cache();
        Dataset<Row> onlySpark = q3.exceptAll(app).cache();
        Dataset<Row> onlyApp = app.exceptAll(q3).cache();
        long sparkOnly = onlySpark.count();
        long appOnly = onlyApp.count();
        System.out.printf("q3 join, +/- 2 s per ride: Spark %,d pairs, app %,d pairs; in Spark's only %,d, in the"
                + " app's only %,d%n", q3.count(), app.count(), sparkOnly, appOnly);
        if (sparkOnly + appOnly > 0) {
            onlySpark.show(5, false);
            onlyApp.show(5, false);
        }
        return sparkOnly == 0 && appOnly == 0;
    }

    private static Dataset<Row> withoutClosing(Dataset<Row> records) {
        return records.where(col("ride_id").isNull().or(col("ride_id").notEqual(CLOSING_RIDE)));
    }
}
