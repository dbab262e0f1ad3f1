package org.fleetstreams.replay.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data file's footer, read before anything is published: its schema ({@link SchemaCheck}), whether this jar can
 * decompress every column chunk, its row count and its offsets' range (from the column statistics, or from the rows
 * when a writer left them out). {@link BddDataset} finds the files; this says what each one holds, or what is wrong
 * with it, naming the file.
 */
final class ParquetFooter {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetFooter.class);

    private ParquetFooter() {
    }

    /** Reads the footer: schema check, row count and offset range. Null (with a problem added) when unusable. */
    static DataFile inspect(SensorKind kind, Path file, double partitionSeconds, List<String> problems,
                                    Map<String, Integer> absent) {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> schemaProblems = SchemaCheck.problems(kind, schema);
            if (!schemaProblems.isEmpty()
                    && reader.getFooter().getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum() == 0) {
                // No rows to lose (a writer's empty part with no or some of the columns, as pandas writes an empty
                // frame): skipped as a 0-byte file is, where before it stopped the whole replay. A file with rows and
                // such a schema is still an error, as its rows would be lost.
                LOG.warn("skipping {}: a Parquet file with no rows whose columns are not a {} file's ({}); no row is"
                        + " lost", file, kind.folder(), String.join("; ", schemaProblems));
                return null;
            }
            if (!schemaProblems.isEmpty()) {
                schemaProblems.forEach(p -> problems.add(file + ": " + p));
                return null;
            }
            SchemaCheck.absent(kind, schema).forEach(c -> absent.merge(c, 1, Integer::sum));
            String codecProblem = unreadableCodec(reader.getFooter().getBlocks(), options);
            if (codecProblem != null) {
                problems.add(file + ": " + codecProblem);
                return null;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean statsComplete = true;
            long rows = 0;
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                rows += block.getRowCount();
                Statistics<?> stats = offsetStatistics(block);
                if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
                    statsComplete = block.getRowCount() == 0 && statsComplete;
                    continue;
                }
                min = Math.min(min, asRowValue(stats.genericGetMin()));
                max = Math.max(max, asRowValue(stats.genericGetMax()));
            }
            if (!statsComplete || (rows > 0 && !(Double.isFinite(min) && Double.isFinite(max)))) {
                // No usable statistics (some writers omit them): read the offsets once to get the range.
                double[] range = offsetRange(kind, file, partitionSeconds);
                min = range[0];
                max = range[1];
            }
            if (rows == 0) {
                min = partitionSeconds;
                max = partitionSeconds;
            }
            return new DataFile(kind, file, partitionSeconds, min, max, rows);
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": not a readable Parquet file (" + rootMessage(e) + ")");
            return null;
        }
    }

    /**
     * The footer names each column chunk's codec; one this jar cannot decompress (BROTLI, Hadoop's LZO) would
     * otherwise fail only when the rows are read, after the topics are set up and part of the data is published.
     * Null when every codec can be read.
     */
    static String unreadableCodec(List<BlockMetaData> blocks, ParquetReadOptions options) {
        Set<CompressionCodecName> codecs = EnumSet.noneOf(CompressionCodecName.class);
        blocks.forEach(b -> b.getColumns().forEach(c -> codecs.add(c.getCodec())));
        for (CompressionCodecName codec : codecs) {
            String problem = codecProblem(codec, options.getCodecFactory());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static String codecProblem(CompressionCodecName codec, CompressionCodecFactory factory) {
        try {
            factory.getDecompressor(codec);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "compressed with " + codec + ", which this replayer cannot read (" + rootMessage(e)
                    + "); rewrite it with snappy, gzip, zstd, lz4 or uncompressed";
        }
    }

    private static Statistics<?> offsetStatistics(BlockMetaData block) {
        for (ColumnChunkMetaData column : block.getColumns()) {
            if ("offset".equals(column.getPath().toDotString().toLowerCase(Locale.ROOT))) {
                // a DECIMAL's statistics are unscaled integers or bytes, an unsigned one's are signed ints: the rows,
                // read once, give the range
                return SchemaCheck.decimalScale(column.getPrimitiveType()) >= 0
                        || SchemaCheck.isUnsigned(column.getPrimitiveType()) ? null : column.getStatistics();
            }
        }
        return null;
    }

    /** A statistic as the rows decode it: a float offset of 121.4f is 121.4 in both, not 121.40000152587890625. */
    private static double asRowValue(Object statistic) {
        return statistic instanceof Float f ? ParquetRows.floatAsDecimal(f) : ((Number) statistic).doubleValue();
    }

    /**
     * The offsets' range, read from the rows as they stream by (none kept: a large file without statistics needs no
     * more heap for this than a small one); the partition's time when no row is usable (every one skipped).
     */
    private static double[] offsetRange(SensorKind kind, Path file, double partitionSeconds) {
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        ParquetRows.forEach(kind, file, new RowSkips(), r -> {
            range[0] = Math.min(range[0], r.offset());
            range[1] = Math.max(range[1], r.offset());
        });
        return Double.isFinite(range[0]) ? range : new double[] {partitionSeconds, partitionSeconds};
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : e.getMessage() + ": " + message;
    }
}
