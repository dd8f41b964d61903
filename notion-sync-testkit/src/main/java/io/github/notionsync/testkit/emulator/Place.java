package io.github.notionsync.testkit.emulator;

/**
 * The value of a place property.
 *
 * @param lat latitude
 * @param lon longitude
 * @param name the place name, or null
 * @param address the address, or null
 */
public record Place(double lat, double lon, String name, String address) {
}
