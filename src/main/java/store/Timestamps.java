package store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as text to compare with stored times. The journal and the leases store times at one
 * length, to the millisecond, so that they sort as text. The orders store Instant.toString, whose
 * length varies ("…:00Z" sorts after "…:00.5Z", "…:00.000417Z" before "…:00.000Z"): ranges over
 * them are bounded by whole seconds, which every stored form of a second falls within.
 */
public final class Timestamps {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String millis(Instant instant) {
        return MILLIS.format(instant);
    }

    /**
     * The lowest text a time of {@code instant}'s second is stored as, in any form (Instant.toString
     * writes as many fraction digits as it needs, none for a whole second): a range from it takes the
     * whole second.
     */
    public static String fromSecond(Instant instant) {
        return SECOND.format(instant);
    }

    /** The highest text a time of {@code instant}'s second is stored as: "…ssZ" ('Z' sorts after '.'). */
    public static String throughSecond(Instant instant) {
        return SECOND.format(instant) + "Z";
    }
}
