package com.herald;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/** Herald: multi-tenant broadcasts over SMS, WhatsApp, email and push. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Herald", sharedModules = { "tenancy", "audit" })
public class HeraldApplication {

	public static void main(String[] args) {
		SpringApplication.run(HeraldApplication.class, args);
	}

}
