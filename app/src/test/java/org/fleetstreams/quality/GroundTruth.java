package org.fleetstreams.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A generated fleet's {@code ground-truth.csv} and {@code phone-orientation.csv} (see FleetGenerator). */
record GroundTruth(List<Event> events, Map<String, List<Orientation>> orientations) {

    /** One scripted manoeuvre; times in offset seconds, magnitude in g (degrees for handling), speed at onset. */
    record Event(String rideId, String kind, double start, double end, double magnitude, double speed) {

        boolean harsh() {
            return kind.equals("harsh_braking");
        }

        /** The acceptance target: braking ≥ 0.35 g lasting ≥ 0.5 s at ≥ 5 m/s. */
        boolean target() {
            return harsh() && magnitude >= 0.35 && end - start >= 0.5 && speed >= 5;
        }
    }

    /** The car's forward axis in the phone frame from {@code from} on. */
    record Orientation(double from, double[] forward) {
    }

    static GroundTruth read(Path data) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("ground-truth.csv")).stream().skip(1).toList()) {
            String[] t = line.split(",");
            events.add(new Event(t[0], t[1], Double.parseDouble(t[2]), Double.parseDouble(t[3]), Double.parseDouble(t[4]),
                    Double.parseDouble(t[5])));
        }
        Map<String, List<Orientation>> orientations = new TreeMap<>();
        Path file = data.resolve("phone-orientation.csv");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                String[] t = line.split(",");
                orientations.computeIfAbsent(t[0], k -> new ArrayList<>()).add(new Orientation(Double.parseDouble(t[1]),
                        new double[] {Double.parseDouble(t[2]), Double.parseDouble(t[3]), Double.parseDouble(t[4])}));
            }
        }
        return new GroundTruth(List.copyOf(events), orientations);
    }

    /** Several fleets' truth as one (ride ids are random, so distinct). */
    static GroundTruth merge(List<GroundTruth> parts) {
        List<Event> events = new ArrayList<>();
        Map<String, List<Orientation>> orientations = new TreeMap<>();
        parts.forEach(p -> {
            events.addAll(p.events());
            orientations.putAll(p.orientations());
        });
        return new GroundTruth(List.copyOf(events), orientations);
    }

    /** The forward axis in force at {@code offsetS}, or null before the phone settled after a handling. */
    double[] forwardAt(String rideId, double offsetS) {
        double[] found = null;
        for (Orientation o : orientations.getOrDefault(rideId, List.of())) {
            if (o.from() <= offsetS) {
                found = o.forward();
            }
        }
        return found;
    }
}
