package org.fleetstreams.sparkcheck;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The guide's q2 ({@code update} mode) and q3 ({@code append} mode) as the course runs them, two streaming queries
 * over the topics, each into a memory sink with {@code Trigger.AvailableNow}: they read every record there now and
 * stop. Prints how long that took and the input records per second, the figure the app is compared with
 * ({@code run.sh} times the app on the same topics right after).
 *
 * <pre>java ... org.fleetstreams.sparkcheck.TimeCourseQueries BOOTSTRAP PREFIX</pre>
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
            long inputs = spark.read().format("kafka").option("kafka.bootstrap.servers", bootstrap)
                    .option("subscribe", prefix + "-locations," + prefix + "-accelerations").load().count();
            long start = System.nanoTime();
            StreamingQuery q2 = CourseQueries.meanSpeed(locations).writeStream().format("memory").queryName("q2")
                    .outputMode("update").trigger(Trigger.AvailableNow()).start();
            StreamingQuery q3 = CourseQueries.join(locations, accelerations).writeStream().format("memory")
                    .queryName("q3").outputMode("append").trigger(Trigger.AvailableNow()).start();
            q2.awaitTermination();
            q3.awaitTermination();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("spark: q2 and q3 read %,d input records in %.1f s (from the queries' start) = %,.0f"
                            + " input records/s; q2 wrote %,d update rows, q3 %,d pairs%n", inputs, seconds,
                    inputs / seconds, spark.table("q2").count(), spark.table("q3").count());
        } finally {
            spark.stop();
        }
    }
}
