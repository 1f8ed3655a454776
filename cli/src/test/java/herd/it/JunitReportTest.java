package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** --junit: a testsuite per play, a testcase per host and task, as CI systems' parsers read it. */
class JunitReportTest {
    @TempDir
    Path dir;

    @Test
    void failuresErrorsAndSkipsAsJunitReadsThem() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  hosts:
                    one:
                    two:
                    gone:
                      ansible_connection: ssh
                      ansible_host: 127.0.0.1
                      ansible_port: 1
                  vars:
                    ansible_connection: local
                """);
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, """
                - name: checks
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: greet
                      command: echo "hello <{{ inventory_hostname }}> & more"
                    - name: only two fails
                      shell: test {{ inventory_hostname }} != two || { echo broken >&2; exit 3; }
                    - name: skipped on one
                      command: "true"
                      when: inventory_hostname != 'one'
                    - name: ignored
                      command: "false"
                      ignore_errors: true
                """);
        Path report = dir.resolve("out/junit.xml");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "-T", "2", "--known-hosts",
                dir.resolve("none").toString(), "--junit", report.toString());
        assertEquals(2, r.exitCode(), r::toString);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        NodeList suite = suites.getElementsByTagName("testsuite");
        assertEquals(1, suite.getLength());
        Element checks = (Element) suite.item(0);
        assertEquals("checks", checks.getAttribute("name"));
        // one: greet, fails-not, skipped, ignored = 4; two: greet, failed = 2; gone: unreachable = 1
        assertEquals("7", checks.getAttribute("tests"));
        assertEquals("1", checks.getAttribute("failures"));
        assertEquals("1", checks.getAttribute("errors"));
        assertEquals("1", checks.getAttribute("skipped"));

        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        Element failedCase = (Element) failure.getParentNode();
        assertEquals("[two] only two fails", failedCase.getAttribute("name"));
        assertEquals("non-zero return code (rc=3)", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("broken"), failure.getTextContent());

        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertEquals("[gone] greet", ((Element) error.getParentNode()).getAttribute("name"));
        assertEquals("connection refused by 127.0.0.1:1", error.getAttribute("message"));

        Element skipped = (Element) doc.getElementsByTagName("skipped").item(0);
        assertEquals("[one] skipped on one", ((Element) skipped.getParentNode()).getAttribute("name"));

        NodeList outs = doc.getElementsByTagName("system-out");
        assertTrue(outs.item(0).getTextContent().startsWith("hello <"), outs.item(0).getTextContent());
    }
}
