package com.herald.web.imports;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import com.herald.imports.ContactImportService;

/**
 * Multipart limits sized for contact imports, the only endpoints (page and API) that take
 * files: a part may be as large as {@code herald.imports.max-file-size}. Parts beyond 1
 * MB go to a temporary file, never the heap, before the import streams them into the
 * database.
 */
@Configuration(proxyBeanMethods = false)
class ImportUploadLimits {

	@Bean
	MultipartConfigElement multipartConfigElement(ContactImportService imports) {
		long max = imports.maxFileBytes();
		return new MultipartConfigElement("", max, max + DataSize.ofMegabytes(1).toBytes(),
				(int) DataSize.ofMegabytes(1).toBytes());
	}

}
