/**
 * {@code StoreFormat}: versioned binary store values (a format byte, fields, length-prefixed UTF-8 strings), refused
 * with the store's name when written by another version. Enters: a store value's fields (the join and summary serdes).
 * Leaves: the bytes of the store and its changelog. No store of its own.
 */
package org.fleetstreams.state;
