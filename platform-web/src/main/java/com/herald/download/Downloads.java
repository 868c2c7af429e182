package com.herald.download;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.AsyncWebRequest;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Streamed attachments: a file the browser saves, never cached. */
public final class Downloads {

	/** CSV in UTF-8. */
	public static final String CSV = new MediaType("text", "csv", StandardCharsets.UTF_8).toString();

	private Downloads() {
	}

	/**
	 * A response that saves as a file.
	 * @param fileName the name the browser saves it under
	 * @param contentType what it is
	 * @return the response, to give a body
	 */
	public static ResponseEntity.BodyBuilder attachment(String fileName, String contentType) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(fileName).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	/**
	 * Lets a long download stream for up to {@code timeout} (the default async timeout
	 * would cut it).
	 * @param request the download's request
	 * @param timeout how long it may take
	 */
	public static void allowLongStream(HttpServletRequest request, Duration timeout) {
		AsyncWebRequest async = WebAsyncUtils.getAsyncManager(request).getAsyncWebRequest();
		if (async != null) {
			async.setTimeout(timeout.toMillis());
		}
	}

	/**
	 * A body written as UTF-8 text.
	 * @param text writes the text
	 * @return the body
	 */
	public static StreamingResponseBody utf8(TextBody text) {
		return (out) -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			text.writeTo(writer);
			writer.flush();
		};
	}

	/** Writes a text body. */
	@FunctionalInterface
	public interface TextBody {

		/**
		 * Writes the text.
		 * @param writer where to
		 * @throws IOException when the client goes away
		 */
		void writeTo(Writer writer) throws IOException;

	}

}
