package im.group.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupRulesTest {

    @Test
    void groupIdsArePrefixedUuidsAndBareUuidsGetThePrefix() {
        String bare = "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20";
        assertThat(GroupRules.canonicalGroupUuid("[grp]" + bare)).isEqualTo("[grp]" + bare);
        assertThat(GroupRules.canonicalGroupUuid(bare)).isEqualTo("[grp]" + bare);
        assertThat(GroupRules.canonicalGroupUuid("[usr]" + bare)).isNull();
        assertThat(GroupRules.canonicalGroupUuid("info")).isNull();
        assertThat(GroupRules.canonicalGroupUuid("1-1-1-1-1")).isNull();
        assertThat(GroupRules.canonicalGroupUuid(null)).isNull();
        assertThat(GroupRules.newGroupUuid()).startsWith("[grp]").hasSize(41);
        assertThat(GroupRules.canonicalGroupUuid(GroupRules.newGroupUuid())).isNotNull();
    }
}
