package com.herald.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one way platform-web tests start Herald: the whole application on a random port, on
 * a throw-away real PostgreSQL (embedded, or a container when a Docker engine is
 * present), with the local stand-ins of outside services ({@link StandIns}) already
 * running. Every test class uses exactly this, so one Spring context serves the whole
 * run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = StandIns.class)
@ActiveProfiles("test")
public @interface HeraldWebTest {

	/** The first super admin the test application creates. */
	String ROOT_EMAIL = "root@herald.test";

	String ROOT_PASSWORD = "root-password-2026";

}
