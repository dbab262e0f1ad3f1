package org.fleetstreams.sparkcheck;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The guide's q2 ({@code update} mode) and q3 ({@code append} mode) as the course runs them, two streaming queries
 * over the topics, each into a memory sink with {@code Trigger.AvailableNow}: they read every record there now and
 * stop. Prints how long that took and the input records per second, the figure the app is compared with
 * ({@code run.sh} times the app on the same topics in the same round). The counts come from the queries' own
 * progress reports, so nothing but the two queries reads the topics meanwhile. Spark's sinks are in memory where
 * the app writes every result to Kafka under exactly-once: the comparison favours Spark there.
 *
 * <p>Run by {@code docs/spark-check/run.sh} (its {@code check_jvm}: Spark needs the class path and JVM flags it sets),
 * with the arguments {@code BOOTSTRAP PREFIX}.
 */
public final class TimeCourseQueries {

    private TimeCourseQueries() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TimeCourseQueries BOOTSTRAP PREFIX");
            System.exit(2);
        }
        String bootstrap = args[0];
        String prefix = args[1];
        SparkSession spark = CourseQueries.session("course-queries");
        try {
            Dataset<Row> locations = CourseQueries.read(spark, bootstrap, prefix + "-locations",
                    CourseQueries.LOCATION_SCHEMA, true);
            Dataset<Row> accelerations = CourseQueries.read(spark, bootstrap, prefix + "-accelerations",
                    CourseQueries.ACCELERATION_SCHEMA, true);
            long start = System.nanoTime();
            StreamingQuery q2 = CourseQueries.meanSpeed(locations).writeStream().format("memory").queryName("q2")
                    .outputMode("update").trigger(Trigger.AvailableNow()).start();
            StreamingQuery q3 = CourseQueries.join(locations, accelerations).writeStream().format("memory")
                    .queryName("q3").outputMode("append").trigger(Trigger.AvailableNow()).start();
            q2.awaitTermination();
            q3.awaitTermination();
            double seconds = (System.nanoTime() - start) / 1e9;
            // q3 reads both topics, so its input rows are every input record
            long inputs = Arrays.stream(q3.recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum();
            System.out.printf("spark: q2 and q3 read %,d input records in %.1f s (from the queries' start) = %,.0f"
                            + " input records/s; q2 wrote %,d update rows, q3 %,d pairs%n", inputs, seconds,
                    inputs / seconds, written(q2), written(q3));
        } finally {
            spark.stop();
        }
    }

    private static long written(StreamingQuery query) {
        return Arrays.stream(query.recentProgress()).mapToLong(p -> p.sink().numOutputRows()).sum();
    }
}
