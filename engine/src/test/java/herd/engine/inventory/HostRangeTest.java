package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRangeTest {
    private static List<String> hosts(String pattern) throws HostRange.BadRange {
        return HostRange.expand(pattern).hosts();
    }

    @Test
    void rangesExpandInOrder() throws HostRange.BadRange {
        assertEquals(List.of("client01.example.com", "client02.example.com", "client03.example.com"),
                hosts("client[01:03].example.com"));
        assertEquals(List.of("db-a", "db-b", "db-c"), hosts("db-[a:c]"));
        assertEquals(List.of("node1", "node3", "node5", "node7", "node9"), hosts("node[1:10:2]"));
        assertEquals(List.of("n0", "n1"), hosts("n[:1]"));
        assertEquals(List.of("r1-a", "r1-b", "r2-a", "r2-b"), hosts("r[1:2]-[a:b]"));
        assertEquals(List.of("x8", "x9", "x10"), hosts("x[8:10]"));
        assertEquals(List.of("a", "c", "e"), hosts("[a:e:2]"));
        assertEquals(List.of("h-Y", "h-Z"), hosts("h-[Y:Z]"));
    }

    @Test
    void aPortComesOffAHostOrAddress() throws HostRange.BadRange {
        assertEquals(new HostRange.Expansion(List.of("web1", "web2"), Optional.of(2222)), HostRange.expand("web[1:2]:2222"));
        assertEquals(new HostRange.Expansion(List.of("10.0.0.1"), Optional.of(22)), HostRange.expand("10.0.0.1:22"));
        assertEquals(new HostRange.Expansion(List.of("2001:db8::1"), Optional.of(22)), HostRange.expand("[2001:db8::1]:22"));
        assertEquals(new HostRange.Expansion(List.of("fe80::1"), Optional.empty()), HostRange.expand("fe80::1"));
        assertEquals(new HostRange.Expansion(List.of("web_-:22"), Optional.empty()), HostRange.expand("web_-:22"),
                "what is not a host name keeps its colon, as in Ansible");
    }

    @Test
    void aHostListTakesNoRanges() {
        assertEquals(new HostRange.Expansion(List.of("db[1:2]"), Optional.empty()), HostRange.plain("db[1:2]"));
        assertEquals(new HostRange.Expansion(List.of("web2"), Optional.of(2222)), HostRange.plain("web2:2222"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            web[1:]        | the range [1:] has no end
            web[01:100]    | the range [01:100] must have begin and end of the same width, as in [01:10]
            web[1]         | the range [1] must be begin:end or begin:end:step
            web[1:2:3:4]   | the range [1:2:3:4] must be begin:end or begin:end:step
            web[c:a]       | the range [c:a] must have begin <= end
            web[1:x]       | the range [1:x] must be numbers or single letters, not 'x'
            web[1:5:0]     | the range [1:5:0] has a step of 0
            web]1:2[       | a range is written [begin:end] or [begin:end:step]
            """)
    void badRanges(String pattern, String message) {
        assertEquals(message, assertThrows(HostRange.BadRange.class, () -> HostRange.expand(pattern)).getMessage());
    }

    @Test
    void rangesThatMultiplyPast100000HostsAreRefused() {
        HostRange.BadRange e = org.junit.jupiter.api.Assertions.assertThrows(HostRange.BadRange.class,
                () -> HostRange.expand("h[1:1000][1:1000][1:10]"));
        assertEquals("the ranges of h[1:1000][1:1000][1:10] stand for more than 100,000 hosts or 64 million"
                + " characters of names, herd's limit for one pattern", e.getMessage());
    }

    @Test
    void aNameLongerThanAnyHostNameStaysTheName() throws HostRange.BadRange {
        String name = "w".repeat(5000) + ":22";
        assertEquals(new HostRange.Expansion(List.of(name), Optional.empty()), HostRange.expand(name));
    }
}
