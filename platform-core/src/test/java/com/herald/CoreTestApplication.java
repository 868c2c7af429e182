package com.herald;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application platform-core's integration tests start: every module of this jar and
 * below, no web.
 */
@SpringBootApplication
public class CoreTestApplication {

}
