package org.fleetstreams.quality;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.generate.FleetGenerator;

/**
 * Alerts scored against ground truth. An alert matches a {@code harsh_braking} truth event of the same ride whose
 * start is within ±1 s of its own (each used once, nearest first). Targets are the acceptance class (≥ 0.35 g,
 * ≥ 0.5 s, ≥ 5 m/s); an alert on a weaker harsh brake (0.30–0.35 g, or too slow) is neither right nor wrong and is
 * left out of precision; an alert matching no harsh brake is a false alert, labelled by what the truth has around
 * it.
 *
 * @param axisErrorsDeg    per car, the angle between the forward axis the detector first fitted and the true one
 *                         at that moment; NaN for a car whose axis was never fitted
 * @param endAxisErrorsDeg per car, the same at the end of the ride, after any phone handling; NaN where the axis
 *                         was not (re)fitted by then
 */
record QualityFigures(int targets, int targetsFound, int alerts, int dontCare, List<String> falseAlerts,
                      Map<String, int[]> recallByBand, List<Long> onsetErrorsMs, List<Double> axisErrorsDeg,
                      List<Double> endAxisErrorsDeg, List<String> details, int preFitTargets, int preFitFound) {

    static final long MATCH_MS = 1_000;

    static QualityFigures evaluate(GroundTruth truth, DetectorRuns.Result run, long epochMs) {
        List<HarshBrakingAlert> alerts = run.alerts();
        Set<HarshBrakingAlert> used = new HashSet<>();
        Map<String, int[]> bands = new TreeMap<>();
        List<Long> onsets = new ArrayList<>();
        int targets = 0;
        int found = 0;
        int dontCare = 0;
        int preFitTargets = 0;
        int preFitFound = 0;
        List<String> details = new ArrayList<>();
        List<GroundTruth.Event> harsh = new ArrayList<>(truth.events().stream().filter(GroundTruth.Event::harsh).toList());
        harsh.sort(Comparator.comparing((GroundTruth.Event e) -> !e.target())); // targets pick first
        for (GroundTruth.Event e : harsh) {
            long start = epochMs + Math.round(e.start() * 1000);
            HarshBrakingAlert best = alerts.stream()
                    .filter(a -> !used.contains(a) && a.rideId().equals(e.rideId()) && Math.abs(a.startTime() - start) <= MATCH_MS)
                    .min(Comparator.comparingLong(a -> Math.abs(a.startTime() - start))).orElse(null);
            if (best != null) {
                used.add(best);
            }
            if (e.target()) {
                targets++;
                int[] band = bands.computeIfAbsent(band(e.magnitude()), k -> new int[2]);
                band[0]++;
                DetectorRuns.Calibration fit = run.firstCalibrations().get(e.rideId());
                boolean preFit = fit == null || fit.offset() > e.start();
                preFitTargets += preFit ? 1 : 0;
                if (best != null) {
                    found++;
                    band[1]++;
                    preFitFound += preFit ? 1 : 0;
                    onsets.add(best.startTime() - start);
                } else {
                    details.add("missed" + (preFit ? " (before the axis was fitted)" : "") + ": " + e);
                }
            } else if (best != null) {
                dontCare++;
            }
        }
        List<String> falseAlerts = new ArrayList<>();
        for (HarshBrakingAlert a : alerts) {
            if (!used.contains(a)) {
                double at = (a.startTime() - epochMs) / 1000.0;
                String near = label(truth.events(), a.rideId(), at);
                falseAlerts.add(near);
                details.add("false alert near " + near + " at " + at + " s: " + a);
            }
        }
        List<Double> endErrors = new ArrayList<>();
        List<Double> firstErrors = new ArrayList<>();
        run.states().forEach((ride, s) -> {
            double[] trueForward = truth.forwardAt(ride, run.lastOffsets().getOrDefault(ride, 0.0));
            endErrors.add(s.calibrated() && trueForward != null ? angle(s.forwardAxis(), trueForward) : Double.NaN);
            DetectorRuns.Calibration c = run.firstCalibrations().get(ride);
            double[] then = c == null ? null : truth.forwardAt(ride, c.offset());
            firstErrors.add(then == null ? Double.NaN : angle(c.axis(), then));
        });
        onsets.sort(Long::compare);
        return new QualityFigures(targets, found, alerts.size(), dontCare, falseAlerts, bands, onsets, firstErrors,
                endErrors, details, preFitTargets, preFitFound);
    }

    /**
     * What a false alert at {@code at} (seconds) is blamed on: the truth events of its ride within 1 s of it, a
     * negative (bump, pothole, handling, mild braking) before anything else, so that a bump during a turn counts as
     * an alert on a bump; the nearest start among equals; "nothing" when there is none.
     */
    static String label(List<GroundTruth.Event> events, String rideId, double at) {
        return events.stream()
                .filter(e -> e.rideId().equals(rideId) && at >= e.start() - 1 && at <= e.end() + 1)
                .min(Comparator.comparing((GroundTruth.Event e) -> !FleetGenerator.NEGATIVES.contains(e.kind()))
                        .thenComparingDouble(e -> Math.abs(e.start() - at)))
                .map(GroundTruth.Event::kind).orElse("nothing");
    }

    static String band(double g) {
        return g >= 0.50 ? "severe >= 0.50 g" : g >= 0.40 ? "harsh 0.40-0.50 g" : "moderate 0.35-0.40 g";
    }

    double recall() {
        return targetsFound / (double) Math.max(1, targets);
    }

    /** Recall on the targets that start before the ride's forward axis was first fitted (or in rides never fitted). */
    double preFitRecall() {
        return preFitFound / (double) Math.max(1, preFitTargets);
    }

    double precision() {
        int judged = alerts - dontCare;
        return judged == 0 ? 1 : targetsFound / (double) judged;
    }

    double f1() {
        return 2 * precision() * recall() / Math.max(1e-12, precision() + recall());
    }

    /** False alerts on a negative (bump, pothole, handling, mild braking), not on "nothing" or a turn. */
    long alertsOnNegatives() {
        return falseAlerts.stream().filter(FleetGenerator.NEGATIVES::contains).count();
    }

    double axisWithin(double degrees) {
        return axisErrorsDeg.stream().filter(e -> e <= degrees).count() / (double) Math.max(1, axisErrorsDeg.size());
    }

    long percentileOnset(double p) {
        return onsetErrorsMs.isEmpty() ? 0 : onsetErrorsMs.get((int) Math.min(onsetErrorsMs.size() - 1, p * onsetErrorsMs.size()));
    }

    void print(PrintStream out) {
        out.printf("targets (>= 0.35 g, >= 0.5 s, >= 5 m/s): %d; alerts: %d (%d on weaker harsh brakes, not judged)%n",
                targets, alerts, dontCare);
        out.printf("precision %.3f  recall %.3f  F1 %.3f%n", precision(), recall(), f1());
        recallByBand.forEach((band, b) -> out.printf("  recall %-22s %.3f (%d of %d)%n", band, b[1] / (double) b[0], b[1], b[0]));
        out.printf("  recall before the axis was first fitted: %.3f (%d of %d)%n", preFitRecall(), preFitFound, preFitTargets);
        Map<String, Integer> byKind = new TreeMap<>();
        falseAlerts.forEach(k -> byKind.merge(k, 1, Integer::sum));
        out.printf("false alerts: %d %s; on bumps, handling or mild braking: %d%n", falseAlerts.size(), byKind, alertsOnNegatives());
        out.printf("onset error (alert start - true start): median %+d ms, p10 %+d ms, p90 %+d ms%n", percentileOnset(0.5),
                percentileOnset(0.1), percentileOnset(0.9));
        printAxis(out, "forward axis when first fitted", axisErrorsDeg);
        printAxis(out, "forward axis at ride end (after handling)", endAxisErrorsDeg);
    }

    private static void printAxis(PrintStream out, String what, List<Double> errors) {
        List<Double> fitted = errors.stream().filter(e -> !e.isNaN()).sorted().toList();
        out.printf("%s: fitted in %d of %d cars; error median %.1f deg, p90 %.1f deg, max %.1f deg;"
                        + " within 15 deg: %.1f %% of all cars%n", what, fitted.size(), errors.size(),
                fitted.isEmpty() ? Double.NaN : fitted.get(fitted.size() / 2),
                fitted.isEmpty() ? Double.NaN : fitted.get((int) (fitted.size() * 0.9)),
                fitted.isEmpty() ? Double.NaN : fitted.get(fitted.size() - 1),
                100 * errors.stream().filter(e -> e <= 15).count() / (double) Math.max(1, errors.size()));
    }

    private static double angle(double[] a, double[] b) {
        double c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
                / Math.sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
