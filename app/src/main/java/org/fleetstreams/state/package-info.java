/**
 * {@code StoreFormat}: versioned binary store values (a format byte, fields, length-prefixed UTF-8 strings), refused
 * with the store's name when written by another version.
 */
package org.fleetstreams.state;
