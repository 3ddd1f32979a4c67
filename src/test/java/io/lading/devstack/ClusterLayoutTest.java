package io.lading.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {

    @Test
    void oneNodeUnlessAskedForMore() {
        assertEquals(1, ClusterLayout.nodes(new String[0]));
        assertEquals(3, ClusterLayout.nodes(new String[] {"--nodes", "3"}));
        assertEquals(2, ClusterLayout.nodes(new String[] {"--nodes=2"}));
        assertThrows(IllegalStateException.class, () -> ClusterLayout.nodes(new String[] {"--nodes", "x"}));
        assertThrows(IllegalStateException.class, () -> ClusterLayout.nodes(new String[] {"--nodes", "0"}));
    }

    @Test
    void nodeKServesOnPortsShiftedByAHundredPerNodeUnderItsOwnName() {
        assertEquals(8080, ClusterLayout.httpPort(1));
        assertEquals(9990, ClusterLayout.managementPort(1));
        assertEquals(8280, ClusterLayout.httpPort(3));
        assertEquals(10190, ClusterLayout.managementPort(3));
        assertEquals("node-3", ClusterLayout.name(3));
        assertEquals(Path.of(".lading/nodes/node-2"), ClusterLayout.baseDirectory(Path.of(".lading"), 2));
        assertTrue(ClusterLayout.describe(2).contains("node-2   API http://localhost:8180/api"),
                ClusterLayout.describe(2));
    }

    @Test
    void eachNodeGetsItsIdAndAPoolThatLeavesRoomForTheOthersUnlessOneIsSet() {
        Map<String, String> stack = Map.of("POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:15432/lading");

        Map<String, String> second = ClusterLayout.environment(stack, Map.of(), 2);
        assertEquals("node-2", second.get("LADING_NODE_ID"));
        assertEquals("25", second.get("LADING_DB_POOL_SIZE"));
        assertEquals(stack.get("POSTGRESQL_URL"), second.get("POSTGRESQL_URL"));

        Map<String, String> chosen = ClusterLayout.environment(stack, Map.of("LADING_DB_POOL_SIZE", "10"), 1);
        assertTrue(!chosen.containsKey("LADING_DB_POOL_SIZE"), "the operator's own setting reaches WildFly as is");
    }
}
