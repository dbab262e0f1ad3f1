package org.fleetstreams.sparkcheck;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.window;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The course's queries as docs/course-guide.md writes them in PySpark, written here in Spark's Java API call for call
 * (same schemas, watermark, windows and join condition; {@code CourseGuideSparkCheckTest} keeps the two texts in
 * step), so the guide's claims can be checked in a real Spark: {@link CompareWithApp} and {@link TimeCourseQueries}.
 */
final class CourseQueries {

    /** The guide's {@code location_schema}. */
    static final StructType LOCATION_SCHEMA = new StructType()
            .add("offset", DataTypes.DoubleType)
            .add("id", DataTypes.StringType)
            .add("ride_id", DataTypes.StringType)
            .add("uuid", DataTypes.StringType)
            .add("course", DataTypes.DoubleType)
            .add("latitude", DataTypes.DoubleType)
            .add("longitude", DataTypes.DoubleType)
            .add("geohash", DataTypes.StringType)
            .add("speed", DataTypes.DoubleType)
            .add("accuracy", DataTypes.DoubleType);

    /** The guide's {@code acceleration_schema}. */
    static final StructType ACCELERATION_SCHEMA = new StructType()
            .add("offset", DataTypes.DoubleType)
            .add("id", DataTypes.StringType)
            .add("ride_id", DataTypes.StringType)
            .add("uuid", DataTypes.StringType)
            .add("x", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType)
            .add("z", DataTypes.DoubleType);

    /** The guide's join condition, character for character. */
    static final String JOIN_CONDITION = """
            l.ride_id = a.ride_id AND
                a.ts BETWEEN l.ts - INTERVAL 2 SECONDS AND l.ts + INTERVAL 2 SECONDS""";

    private CourseQueries() {
    }

    /** The guide's {@code read(kind, schema)}: as a stream, or (for the comparison) as one batch of every record. */
    static Dataset<Row> read(SparkSession spark, String bootstrap, String topic, StructType schema, boolean stream) {
        Dataset<Row> raw = stream
                ? spark.readStream().format("kafka")
                        .option("kafka.bootstrap.servers", bootstrap)
                        .option("subscribe", topic)
                        .option("startingOffsets", "earliest")
                        .load()
                : batch(spark, bootstrap, topic).load();
        return raw.select(from_json(col("value").cast("string"), schema).alias("r"), col("timestamp").alias("ts"))
                .select("r.*", "ts");
    }

    /** Every record of a topic as it stands now, in one batch: how the comparison reads the inputs and outputs. */
    static DataFrameReader batch(SparkSession spark, String bootstrap, String topic) {
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .option("endingOffsets", "latest");
    }

    /**
     * The guide's variant for records whose timestamps are not their event time (its "Event time" paragraph): the
     * event time taken from the {@code offset} after {@code epochSeconds}, replacing {@code ts}, as the app's
     * {@code --offset-epoch} does.
     */
    static Dataset<Row> onOffsetClock(Dataset<Row> readings, long epochSeconds) {
        return readings.withColumn("ts", timestamp_seconds(col("offset").plus(epochSeconds)));
    }

    /** The guide's q2 before its {@code writeStream}: mean speed per ride in 30 s windows every 15 s. */
    static Dataset<Row> meanSpeed(Dataset<Row> locations) {
        return locations.where(col("speed").geq(0))
                .withWatermark("ts", "5 seconds")
                .groupBy(window(col("ts"), "30 seconds", "15 seconds"), col("ride_id"))
                .agg(avg("speed").alias("mean_speed"), max("speed").alias("max_speed"), count("*").alias("fixes"));
    }

    /** The guide's q3 before its {@code writeStream}: each sample with each fix of its ride at most 2 s apart. */
    static Dataset<Row> join(Dataset<Row> locations, Dataset<Row> accelerations) {
        Dataset<Row> l = locations.withWatermark("ts", "5 seconds").alias("l");
        Dataset<Row> a = accelerations.withWatermark("ts", "5 seconds").alias("a");
        return l.join(a, expr(JOIN_CONDITION))
                .select(col("l.ride_id"), col("l.ts").alias("location_time"), col("l.speed"), col("l.latitude"),
                        col("l.longitude"), col("a.ts").alias("acceleration_time"), col("a.x"), col("a.y"),
                        col("a.z"));
    }

    /**
     * A local Spark on both cores, quiet, in UTC, with 4 shuffle partitions (the topics' partitions): Spark's default
     * of 200 gives each micro-batch of the two stateful queries 200 state stores to load and commit, which took 180 s
     * where 4 took 20 s for the real data (the course guide says so too).
     */
    static SparkSession session(String name) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }
}
