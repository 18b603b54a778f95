package im.group.config;

import im.group.GroupServiceIntegrationTest;
import im.platform.test.AxonWiringContract;

/** Shares the integration tests' context. */
class AxonWiringIT extends GroupServiceIntegrationTest implements AxonWiringContract {
}
