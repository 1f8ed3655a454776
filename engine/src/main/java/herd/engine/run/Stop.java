package herd.engine.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The run's stop request: set once, seen by every step, and it wakes steps that are waiting. */
final class Stop {
    private final CountDownLatch latch = new CountDownLatch(1);

    void request() {
        latch.countDown();
    }

    boolean requested() {
        return latch.getCount() == 0;
    }

    /** Waits the given time; returns false, early, when a stop is requested. */
    boolean sleep(Duration duration) {
        try {
            return !latch.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
