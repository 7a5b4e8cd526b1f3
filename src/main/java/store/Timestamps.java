package store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as stored text of one length, to the millisecond, so that they sort as text: what a
 * condition or key range compares with a stored time (Instant.toString drops a zero fraction, and
 * "…:00Z" sorts after "…:00.5Z").
 */
public final class Timestamps {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String millis(Instant instant) {
        return MILLIS.format(instant);
    }
}
