package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.gateway.ws.SocketProfile.Feature;
import im.proto.Message;
import java.net.URI;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketProfileTest {

    private static Message ofType(String type) {
        return Message.newBuilder().setType(type).build();
    }

    @Test
    void withoutParametersASocketIsLegacy() {
        assertThat(SocketProfile.parse(null, null, null)).isEqualTo(SocketProfile.LEGACY);
        assertThat(SocketProfile.parse("1", "", null)).isEqualTo(SocketProfile.LEGACY);
        assertThat(SocketProfile.parse("3", null, null).clientAcks()).as("an unknown version is legacy").isFalse();
    }

    @Test
    void version2AcknowledgesItselfAndHasEveryFeature() {
        SocketProfile v2 = SocketProfile.parse("2", "typing", null);
        assertThat(v2.clientAcks()).isTrue();
        assertThat(v2.features()).isEqualTo(EnumSet.allOf(Feature.class));
    }

    @Test
    void featuresAreACommaListWhereUnknownNamesAreIgnored() {
        SocketProfile profile = SocketProfile.parse(null, " Lifecycle,typing,,video-calls", null);
        assertThat(profile.clientAcks()).isFalse();
        assertThat(profile.features()).isEqualTo(Set.of(Feature.LIFECYCLE, Feature.TYPING));
    }

    @Test
    void sinceIsADecimalNumberFromZeroUp() {
        assertThat(SocketProfile.parse(null, null, "0").since()).isEqualTo(OptionalLong.of(0));
        assertThat(SocketProfile.parse("2", null, "42").since()).isEqualTo(OptionalLong.of(42));
        assertThat(SocketProfile.parse(null, null, String.valueOf(Long.MAX_VALUE)).since())
                .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        for (String bad : new String[]{"", "-1", "+1", "1.5", "abc", " 1", "0x10", "9223372036854775808",
                "99999999999999999999"}) {
            assertThatThrownBy(() -> SocketProfile.parse(null, null, bad)).as(bad)
                    .isInstanceOf(SocketProfile.BadSince.class);
        }
    }

    @Test
    void frameKindsNeedTheirFeatureAndEverythingElseAlwaysPasses() {
        SocketProfile legacy = SocketProfile.LEGACY;
        for (String type : new String[]{"edit", "delete", "hide", "read", "typing"}) {
            assertThat(legacy.accepts(ofType(type))).as(type).isFalse();
        }
        for (String type : new String[]{"", "ack", "error", "webrtc"}) {
            assertThat(legacy.accepts(ofType(type))).as(type).isTrue();
        }
        SocketProfile lifecycle = SocketProfile.parse(null, "lifecycle", null);
        assertThat(lifecycle.accepts(ofType("edit"))).isTrue();
        assertThat(lifecycle.accepts(ofType("delete"))).isTrue();
        assertThat(lifecycle.accepts(ofType("hide"))).isTrue();
        assertThat(lifecycle.accepts(ofType("read"))).isFalse();
        assertThat(SocketProfile.parse(null, "receipts", null).accepts(ofType("read"))).isTrue();
        assertThat(SocketProfile.parse(null, "typing", null).accepts(ofType("typing"))).isTrue();
        assertThat(SocketProfile.parse("2", null, null).accepts(ofType("typing"))).isTrue();
    }

    @Test
    void theHandshakeUriIsReadLikeTheRequestsQueryParameters() {
        String user = "user=%5Busr%5D0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
        assertThat(SocketProfile.of(URI.create("ws://h/socket.io?" + user))).isEqualTo(SocketProfile.LEGACY);
        SocketProfile profile = SocketProfile.of(URI.create("ws://h/socket.io?" + user
                + "&features=lifecycle%2Creceipts&since=%37&since=9"));
        assertThat(profile.features()).isEqualTo(Set.of(Feature.LIFECYCLE, Feature.RECEIPTS));
        assertThat(profile.since()).isEqualTo(OptionalLong.of(7));
        assertThat(SocketProfile.of(URI.create("ws://h/socket.io?v=2&" + user)).clientAcks()).isTrue();
        for (String since : new String[]{"since", "since=", "since=%2B1", "since=1+", "since=-0"}) {
            assertThatThrownBy(() -> SocketProfile.of(URI.create("ws://h/socket.io?" + user + "&" + since)))
                    .as(since).isInstanceOf(SocketProfile.BadSince.class);
        }
    }
}
