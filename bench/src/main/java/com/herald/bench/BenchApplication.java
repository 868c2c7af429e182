package com.herald.bench;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The services of platform-core and the channel modules, without the web: what a
 * benchmark drives. Entities and repositories live under {@code com.herald}, not this
 * package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@AutoConfigurationPackage(basePackages = "com.herald")
@ComponentScan("com.herald")
@ConfigurationPropertiesScan("com.herald")
class BenchApplication {

}
