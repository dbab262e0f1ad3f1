package org.fleetstreams.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.BrakingDetector;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * A third, deliberately simple scenario, independent of both generator families, in the spirit of the report in
 * issue 11: per car a uniformly random 3-D phone attitude, 10/25/50 Hz, a constant grade up to ±2 %, per-axis bias
 * ±0.01 g, 0.01 g noise, GPS every 1-4 s describing the car 0.8-1.2 s earlier with 0.2 m/s noise; a pull-away at
 * 0.15 g, two harsh brakes (0.45-0.6 g for 1.5-2 s from 10-15 m/s, the first 15-60 s in), a 0.20 g brake for 2-3 s,
 * a 1.2 g bump with a 0.3 g longitudinal jolt, and a short weak harsh brake (0.36-0.40 g for 0.6-0.9 s). With a third
 * argument ("early") the first brake comes right after the pull-away, from 6-9 m/s, 0.36-0.66 g for 0.6-1.2 s, after a
 * stand of 10 s (a brake leaving a car park). Detector only; an alert matches a brake starting within ±1 s. Prints
 * recall and false alerts; run: {@code java -cp ... org.fleetstreams.quality.IssueScenario CARS SEED [early]} (test
 * scope; SHOW=1 in the environment lists the missed brakes).
 */
public final class IssueScenario {

    private IssueScenario() {
    }

  static final double G = 9.80665; static final long T0 = 1_503_878_400_000L;
  public static void main(String[] a) {
    int cars = Integer.parseInt(a[0]); long seed0 = Long.parseLong(a[1]);
    int targets = 0, hit = 0, weakT = 0, weakHit = 0, mild = 0, mildFa = 0, bump = 0, bumpFa = 0, other = 0, alertsN = 0, firstT = 0, firstHit = 0;
    for (int c = 0; c < cars; c++) {
      Random r = new Random(seed0 * 1000 + c);
      // random attitude: uniform quaternion
      double q0 = r.nextGaussian(), q1 = r.nextGaussian(), q2 = r.nextGaussian(), q3 = r.nextGaussian();
      double qn = Math.sqrt(q0*q0+q1*q1+q2*q2+q3*q3); q0/=qn; q1/=qn; q2/=qn; q3/=qn;
      double[][] R = {{1-2*(q2*q2+q3*q3), 2*(q1*q2-q0*q3), 2*(q1*q3+q0*q2)},{2*(q1*q2+q0*q3), 1-2*(q1*q1+q3*q3), 2*(q2*q3-q0*q1)},{2*(q1*q3-q0*q2), 2*(q2*q3+q0*q1), 1-2*(q1*q1+q2*q2)}};
      int hz = new int[]{10, 25, 50}[r.nextInt(3)];
      double lag = 0.8 + 0.4 * r.nextDouble(), grade = (r.nextDouble() - 0.5) * 0.04;
      double[] bias = {0.02*(r.nextDouble()-.5), 0.02*(r.nextDouble()-.5), 0.02*(r.nextDouble()-.5)};
      boolean early = a.length > 2;
      double vTarget = early ? 6 + 3 * r.nextDouble() : 10 + 5 * r.nextDouble();
      double t1 = early ? 10 + vTarget / (0.15 * G) + 0.5 * r.nextDouble() : 15 + 45 * r.nextDouble(), d1 = 1.5 + 0.5 * r.nextDouble(), a1 = 0.45 + 0.15 * r.nextDouble();
      if (early) { d1 = 0.6 + 0.6 * r.nextDouble(); a1 = 0.36 + 0.3 * r.nextDouble(); }
      final double vEarly = vTarget;
      double tm = t1 + d1 + 12 + 5 * r.nextDouble(), dm = 2 + r.nextDouble();
      double tb = tm + dm + 8 + 3 * r.nextDouble();
      double tw = tb + 8 + 3 * r.nextDouble(), dw = 0.6 + 0.3 * r.nextDouble(), aw = 0.36 + 0.04 * r.nextDouble();
      double t2 = tw + dw + 12 + 5 * r.nextDouble(), d2 = 1.5 + 0.5 * r.nextDouble(), a2 = 0.45 + 0.15 * r.nextDouble();
      double end = t2 + d2 + 10;
      double dt = 1.0 / hz, v = 0, t = 0; String ride = String.format("car%04d-%d", c, seed0);
      List<double[]> speedHist = new ArrayList<>(); // t, v
      List<SensorReading> out = new ArrayList<>();
      double nextFix = 1 + 3 * r.nextDouble(); double brakeV1 = 0, brakeV2 = 0, brakeVw = 0;
      while (t < end) {
        double cmd;
        if (t < (early ? 10 : 3)) cmd = 0;
        else if (in(t, t1, d1)) { cmd = -ramp(t, t1, d1) * a1; if (brakeV1 == 0) brakeV1 = v; }
        else if (in(t, tm, dm)) cmd = -ramp(t, tm, dm) * 0.20;
        else if (in(t, tw, dw)) { cmd = -ramp(t, tw, dw) * aw; if (brakeVw == 0) brakeVw = v; }
        else if (in(t, t2, d2)) { cmd = -ramp(t, t2, d2) * a2; if (brakeV2 == 0) brakeV2 = v; }
        else cmd = v < (early && t < t1 ? vEarly : early ? 12 : vTarget) - 0.5 ? 0.15 : v > (early && t < t1 ? vEarly : early ? 12 : vTarget) + 0.5 ? -0.03 : 0.02 * Math.sin(t / 3);
        if (v <= 0 && cmd < 0) cmd = 0;
        double vert = 0.02 * r.nextGaussian() * Math.min(1, v / 10), lon = cmd;
        if (t >= tb && t < tb + 0.05) { vert += 1.2; lon += 0.3; }
        if (t >= tb + 0.05 && t < tb + 0.3) vert += -0.4 * Math.exp(-(t - tb) * 10) * Math.cos((t - tb) * 40);
        double lat = 0.02 * Math.sin(t / 5) * Math.min(1, v / 10);
        double[] f = {lon + Math.sin(grade), lat, Math.cos(grade) + vert};
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) p[i] = R[0][i]*f[0] + R[1][i]*f[1] + R[2][i]*f[2] + bias[i] + 0.01 * r.nextGaussian();
        long time = T0 + Math.round(t * 1000);
        out.add(new AccelerationSample(t, null, ride, "u", p[0], p[1], p[2], time));
        speedHist.add(new double[]{t, v});
        if (t >= nextFix) {
          double described = t - lag, vs = 0;
          for (int k = speedHist.size() - 1; k >= 0; k--) if (speedHist.get(k)[0] <= described) { vs = speedHist.get(k)[1]; break; }
          vs = Math.max(0, vs + 0.2 * r.nextGaussian());
          out.add(new LocationFix(t, null, ride, "u", 0, 40.7 + t * 1e-5, -73.9, "dr5ru", vs, 5, time));
          nextFix = t + 1 + 3 * r.nextDouble();
        }
        v = Math.max(0, v + cmd * G * dt); t += dt;
      }
      BrakingDetector det = new BrakingDetector(BrakingConfig.defaults()); DetectorState s = new DetectorState();
      List<HarshBrakingAlert> alerts = new ArrayList<>();
      for (SensorReading x : out) (x instanceof LocationFix lf ? det.onFix(s, lf) : det.onSample(s, (AccelerationSample) x)).stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
      alertsN += alerts.size();
      double[][] harsh = {{t1, d1, brakeV1}, {t2, d2, brakeV2}};
      List<HarshBrakingAlert> used = new ArrayList<>();
      for (int k = 0; k < 2; k++) { double[] h = harsh[k]; if (h[2] < 5) continue; targets++; if (k == 0) firstT++;
        HarshBrakingAlert m = match(alerts, h[0]); if (m != null) { hit++; used.add(m); if (k == 0) firstHit++; }
        else if (System.getenv("SHOW") != null) System.out.printf("  miss %s k=%d t=%.2f d=%.2f a=%.2f v=%.2f hz=%d lag=%.2f%n", ride, k, h[0], h[1], k == 0 ? a1 : a2, h[2], hz, lag); }
      if (brakeVw >= 5 && dw >= 0.5) { weakT++; HarshBrakingAlert m = match(alerts, tw); if (m != null) { weakHit++; used.add(m); } }
      mild++; bump++;
      for (HarshBrakingAlert al : alerts) { if (used.contains(al)) continue; double st = (al.startTime() - T0) / 1000.0;
        if (st >= tm - 1 && st <= tm + dm + 1) mildFa++; else if (st >= tb - 1 && st <= tb + 2) bumpFa++; else other++; }
    }
    System.out.printf("cars %d: strong harsh recall %d/%d (first brake %d/%d), short weak harsh %d/%d; alerts %d; false: mild(0.20 g) %d/%d, bump(1.2 g) %d/%d, other %d%n",
        cars, hit, targets, firstHit, firstT, weakHit, weakT, alertsN, mildFa, mild, bumpFa, bump, other);
  }
  static boolean in(double t, double s, double d) { return t >= s && t < s + d; }
  static double ramp(double t, double s, double d) { double rr = 0.15; return Math.min(1, Math.min((t - s) / rr, (s + d - t) / rr)); }
  static HarshBrakingAlert match(List<HarshBrakingAlert> al, double start) {
    for (HarshBrakingAlert a : al) if (Math.abs((a.startTime() - T0) / 1000.0 - start) <= 1.0) return a; return null; }
}
