package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** serial's batch sizes as Ansible computes them: numbers, percentages of the whole play, the last size repeating. */
class BatchesTest {

    private static List<String> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "h" + i).toList();
    }

    private static List<Integer> sizes(List<String> serial, int hosts) {
        return Batches.of(serial, hosts(hosts)).stream().map(List::size).toList();
    }

    @Test
    void aNumberCutsTheHostsIntoBatchesOfThatSizeInInventoryOrder() {
        assertEquals(List.of(List.of("h1", "h2"), List.of("h3", "h4"), List.of("h5")),
                Batches.of(List.of("2"), hosts(5)));
        assertEquals(List.of(1, 1, 1), sizes(List.of("1"), 3));
    }

    @Test
    void aPercentageIsOfAllTheHostsRoundedDown() {
        assertEquals(List.of(3, 3, 3, 1), sizes(List.of("30%"), 10));
        assertEquals(List.of(2, 2, 1), sizes(List.of("50%"), 5));
        assertEquals(List.of(1, 1, 1, 1, 1, 1), sizes(List.of("33%"), 6), "33% of 6 is 1.98, rounded down");
    }

    @Test
    void aPercentageTooSmallForOneHostStillTakesOne() {
        assertEquals(List.of(1, 1), sizes(List.of("30%"), 2));
        assertEquals(List.of(1, 1, 1), sizes(List.of("0%"), 3));
    }

    @Test
    void aListGivesTheSizesInTurnAndTheLastOneRepeats() {
        assertEquals(List.of(1, 2, 5, 2), sizes(List.of("1", "2", "50%"), 10));
        assertEquals(List.of(1, 3, 3, 3), sizes(List.of("1", "3"), 10));
    }

    @Test
    void aListLongerThanTheHostsStopsWhenTheHostsRunOut() {
        assertEquals(List.of(1, 2), sizes(List.of("1", "5", "10"), 3));
    }

    @Test
    void aBatchLargerThanThePlayTakesEveryHostOnce() {
        assertEquals(List.of(hosts(3)), Batches.of(List.of("5"), hosts(3)));
        assertEquals(List.of(hosts(3)), Batches.of(List.of("150%"), hosts(3)));
    }

    @Test
    void blanksAroundASizeAreAllowedAsTemplatesLeaveThem() {
        assertEquals(List.of(2, 1), sizes(List.of(" 2 "), 3));
    }

    @Test
    void withoutSerialThePlayIsOneBatch() {
        assertEquals(List.of(hosts(4)), Batches.of(List.of(), hosts(4)));
    }

    @Test
    void aPlayWithoutHostsIsOneEmptyBatch() {
        assertEquals(List.of(List.of()), Batches.of(List.of("2"), List.<String>of()));
        assertEquals(List.of(List.of()), Batches.of(List.of(), List.<String>of()));
    }

    @Test
    void serialZeroMeansOneBatchAsInAnsible() {
        assertEquals(List.of(hosts(3)), Batches.of(List.of("0"), hosts(3)));
    }
}
