package org.fleetstreams.ingest;

/**
 * What the readers get in place of a record the input checks dead-lettered: no reading, only the fact that the record
 * at the task's current offset has been read. The merge ({@code time.ReadingsInOrder}) needs it to know when it has
 * read an input partition to its end: without it, a partition whose last record is invalid looked unread until the
 * group committed past it (up to {@code commit.interval.ms}, 30 s at-least-once), and what the merge held for the
 * stopped input waited that long.
 */
public enum Skipped {
    RECORD
}
