package com.herald.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.consent.PreferenceService;
import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactInputs;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * A tenant's message templates. Everyone who sees contacts sees and previews the
 * templates (store managers preview only with their stores' contacts); tenant admins
 * create, change and delete them, audited. A body is checked before anything is saved:
 * its Liquid syntax (line and column of the error), every variable it names (a typo is
 * reported with the closest known name), its category and, for SMS, its length.
 */
@Service
public class TemplateService {

	public static final int MAX_NAME = 200;

	/** The longest SMS body a provider accepts (Twilio: 1,600 characters). */
	public static final int MAX_SMS_BODY = 1600;

	public static final int MAX_SUBJECT = 998;

	private static final String COLUMNS = "id, name, channel, category, subject, body, preheader, html, created_at,"
			+ " updated_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final MessageRenderer renderer;

	private final ContactService contacts;

	private final PreferenceService preferences;

	private final StoreService stores;

	private final EmailComposer email;

	private final EmailFooters footers;

	TemplateService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, MessageRenderer renderer,
			ContactService contacts, PreferenceService preferences, StoreService stores, EmailComposer email,
			EmailFooters footers) {
		this.email = email;
		this.footers = footers;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.renderer = renderer;
		this.contacts = contacts;
		this.preferences = preferences;
		this.stores = stores;
	}

	/** A page of the tenant's templates, by name. */
	public Page<MessageTemplate> list(Actor actor, Pageable pageable) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> {
			List<MessageTemplate> items = this.jdbc
				.sql("SELECT " + COLUMNS + " FROM message_templates WHERE tenant_id = ?"
						+ " ORDER BY lower(name), id LIMIT ? OFFSET ?")
				.params(tenant.value(), pageable.getPageSize(), pageable.getOffset())
				.query(TemplateService::template)
				.list();
			long total = this.jdbc.sql("SELECT count(*) FROM message_templates WHERE tenant_id = ?")
				.param(tenant.value())
				.query(Long.class)
				.single();
			return new PageImpl<>(items, pageable, total);
		});
	}

	/**
	 * @throws NotFoundException when the tenant has no such template
	 */
	public MessageTemplate get(Actor actor, UUID id) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> find(tenant, id));
	}

	/** The tenant's message categories, for a form's choices. */
	public List<String> categories(Actor actor) {
		ContactPermissions.requireRead(actor);
		return this.preferences.settings(actor.requireTenant()).categories();
	}

	/**
	 * Checks a draft as {@link #create} would, without saving it.
	 * @throws InvalidInputException for each bad field
	 */
	public void check(Actor actor, TemplateDraft draft) {
		ContactPermissions.requireRead(actor);
		checked(actor.requireTenant(), draft);
	}

	public MessageTemplate create(Actor actor, TemplateDraft draft) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Checked clean = checked(tenant, draft);
		return this.transactions.inTenant(tenant, () -> {
			MessageTemplate template = insertOrDuplicate(() -> this.jdbc
				.sql("INSERT INTO message_templates (tenant_id, id, name, channel, category, subject, body, preheader,"
						+ " html) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)
				.params(tenant.value(), UUID.randomUUID(), clean.name, clean.channel.key(), clean.category,
						clean.subject, clean.body, clean.preheader, clean.html)
				.query(TemplateService::template)
				.single());
			this.audit.record(actor, "template.created", AuditTrail.Target.of("template", template.id()), null,
					summary(template));
			return template;
		});
	}

	public MessageTemplate update(Actor actor, UUID id, TemplateDraft draft) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Checked clean = checked(tenant, draft);
		return this.transactions.inTenant(tenant, () -> {
			MessageTemplate before = find(tenant, id);
			MessageTemplate after = insertOrDuplicate(() -> this.jdbc
				.sql("UPDATE message_templates SET name = ?, channel = ?, category = ?, subject = ?, body = ?,"
						+ " preheader = ?, html = ?, updated_at = now() WHERE tenant_id = ? AND id = ? RETURNING "
						+ COLUMNS)
				.params(clean.name, clean.channel.key(), clean.category, clean.subject, clean.body, clean.preheader,
						clean.html, tenant.value(), id)
				.query(TemplateService::template)
				.single());
			this.audit.record(actor, "template.updated", AuditTrail.Target.of("template", id), summary(before),
					summary(after));
			return after;
		});
	}

	public void delete(Actor actor, UUID id) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			MessageTemplate before = find(tenant, id);
			this.jdbc.sql("DELETE FROM message_templates WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), id)
				.update();
			this.audit.record(actor, "template.deleted", AuditTrail.Target.of("template", id), summary(before), null);
		});
	}

	/** A saved template rendered for one of the actor's contacts. */
	public TemplatePreview preview(Actor actor, UUID templateId, ContactId contactId) {
		MessageTemplate template = get(actor, templateId);
		EmailContent email = template.email();
		if (email != null) {
			return previewEmail(actor, email, template.category(), contactId);
		}
		return render(actor, template.subject(), String.valueOf(template.body()), contactId);
	}

	/**
	 * Email content being written (not saved) checked and rendered for one of the actor's
	 * contacts, footer included when the category is promotional: exactly what the
	 * contact would receive.
	 * @throws InvalidInputException for a missing subject or HTML, a syntax error or an
	 * unknown variable
	 */
	public TemplatePreview previewEmail(Actor actor, EmailContent content, String category, ContactId contactId) {
		ContactPermissions.requireRead(actor);
		EmailContent clean = this.email.check("", content.subject(), content.preheader(), content.html());
		Contact contact = this.contacts.get(actor, contactId);
		Store store = storeOf(actor.requireTenant(), contact);
		Map<String, Object> variables = TemplateVariables.of(contact, store);
		EmailFooter footer = this.footers.forPreview(actor.requireTenant(), contact.getId().value(), store, category);
		RenderedEmail rendered = this.email.render(this.email.compile(clean), variables, footer);
		return new TemplatePreview(contactId, rendered.subject(), rendered.text(), SmsSegments.of(""), rendered);
	}

	/**
	 * Email content being written rendered for a sample person (for a tenant without
	 * contacts yet): Alex Sample of the tenant's first store.
	 */
	public RenderedEmail previewEmailForSample(Actor actor, EmailContent content, String category) {
		ContactPermissions.requireRead(actor);
		EmailContent clean = this.email.check("", content.subject(), content.preheader(), content.html());
		TenantId tenant = actor.requireTenant();
		Store store = this.footers.firstStore(tenant);
		EmailFooter footer = this.footers.forPreview(tenant, TemplateVariables.SAMPLE_CONTACT, store, category);
		return this.email.render(this.email.compile(clean), TemplateVariables.sample(store), footer);
	}

	/**
	 * A body and subject being written (not saved) rendered for one of the actor's
	 * contacts, so a page can preview what is being typed.
	 * @throws InvalidInputException for a syntax error or an unknown variable
	 */
	public TemplatePreview preview(Actor actor, @Nullable String subject, String body, ContactId contactId) {
		ContactPermissions.requireRead(actor);
		Map<String, String> errors = new LinkedHashMap<>();
		String cleanSubject = (subject != null && !subject.isBlank()) ? subject.strip() : null;
		if (cleanSubject != null) {
			liquidError("subject", cleanSubject).ifPresent((message) -> errors.put("subject", message));
		}
		if (body.isBlank()) {
			errors.put("body", "Write the message");
		}
		else {
			liquidError("body", body).ifPresent((message) -> errors.put("body", message));
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return render(actor, cleanSubject, body, contactId);
	}

	private TemplatePreview render(Actor actor, @Nullable String subject, String body, ContactId contactId) {
		// the contact service refuses another store's contact for a store manager
		Contact contact = this.contacts.get(actor, contactId);
		Store store = storeOf(actor.requireTenant(), contact);
		Map<String, Object> variables = TemplateVariables.of(contact, store);
		String renderedBody = this.renderer.render(this.renderer.compile("body", body), variables);
		String renderedSubject = (subject != null)
				? this.renderer.render(this.renderer.compile("subject", subject), variables) : null;
		return new TemplatePreview(contactId, renderedSubject, renderedBody, SmsSegments.of(renderedBody), null);
	}

	private @Nullable Store storeOf(TenantId tenant, Contact contact) {
		return (contact.getStoreId() != null) ? this.stores.listAll(tenant)
			.stream()
			.filter((candidate) -> candidate.getId().equals(contact.getStoreId()))
			.findFirst()
			.orElse(null) : null;
	}

	private Checked checked(TenantId tenant, TemplateDraft draft) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = null;
		try {
			name = ContactInputs.text("name", draft.name(), MAX_NAME);
			if (name == null) {
				errors.put("name", "Give the template a name");
			}
		}
		catch (InvalidInputException ex) {
			errors.putAll(ex.getFieldErrors());
		}
		Channel channel = null;
		if (draft.channel() == null || draft.channel().isBlank()) {
			errors.put("channel", "Choose a channel");
		}
		else {
			try {
				channel = Channel.fromKey(draft.channel());
			}
			catch (InvalidInputException ex) {
				errors.putAll(ex.getFieldErrors());
			}
		}
		String category = (draft.category() != null) ? draft.category().strip() : "";
		List<String> categories = this.preferences.settings(tenant).categories();
		if (!categories.contains(category)) {
			errors.put("category", "Choose one of the tenant's categories: " + String.join(", ", categories));
		}
		if (channel == Channel.EMAIL) {
			EmailContent content = null;
			try {
				content = this.email.check("", draft.subject(), draft.preheader(), draft.html());
			}
			catch (InvalidInputException ex) {
				errors.putAll(ex.getFieldErrors());
			}
			if (!errors.isEmpty()) {
				throw new InvalidInputException(errors);
			}
			return new Checked(name, channel, category, content.subject(), null, content.preheader(), content.html());
		}
		String subject = (draft.subject() != null && !draft.subject().isBlank()) ? draft.subject().strip() : null;
		if (channel == Channel.EMAIL && subject == null) {
			errors.put("subject", "Give the email a subject");
		}
		if (channel != null && channel != Channel.EMAIL) {
			subject = null;
		}
		if (subject != null) {
			if (subject.length() > MAX_SUBJECT) {
				errors.put("subject", "Keep the subject under " + MAX_SUBJECT + " characters");
			}
			else {
				liquidError("subject", subject).ifPresent((message) -> errors.put("subject", message));
			}
		}
		String body = (draft.body() != null) ? draft.body() : "";
		if (body.isBlank()) {
			errors.put("body", "Write the message");
		}
		else if (channel != null && channel.usesPhone() && body.codePointCount(0, body.length()) > MAX_SMS_BODY) {
			errors.put("body", "Keep an SMS under " + MAX_SMS_BODY + " characters (it has "
					+ body.codePointCount(0, body.length()) + ")");
		}
		else {
			liquidError("body", body).ifPresent((message) -> errors.put("body", message));
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new Checked(name, channel, category, subject, body, null, null);
	}

	/**
	 * The syntax error or the first unknown variable of a Liquid text, as the field's
	 * message.
	 */
	private java.util.Optional<String> liquidError(String field, String source) {
		return LiquidErrors.find(this.renderer, field, source);
	}

	private MessageTemplate find(TenantId tenant, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM message_templates WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), id)
			.query(TemplateService::template)
			.optional()
			.orElseThrow(() -> new NotFoundException("Template", id));
	}

	private static MessageTemplate insertOrDuplicate(Supplier<MessageTemplate> write) {
		return DuplicateException.onDuplicateKey("name", "Another template has this name", write);
	}

	private static void requireChange(Actor actor) {
		ContactPermissions.requireChangeEveryStore(actor, "Only tenant admins change templates");
	}

	private static Map<String, Object> summary(MessageTemplate template) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("name", template.name());
		summary.put("channel", template.channel().key());
		summary.put("category", template.category());
		if (template.subject() != null) {
			summary.put("subject", template.subject());
		}
		if (template.body() != null) {
			summary.put("body", template.body());
		}
		if (template.preheader() != null) {
			summary.put("preheader", template.preheader());
		}
		if (template.html() != null) {
			summary.put("htmlLength", template.html().length());
		}
		return summary;
	}

	private static MessageTemplate template(ResultSet rs, int row) throws SQLException {
		return new MessageTemplate(rs.getObject("id", UUID.class), rs.getString("name"),
				Channel.fromKey(rs.getString("channel")), rs.getString("category"), rs.getString("subject"),
				rs.getString("body"), rs.getString("preheader"), rs.getString("html"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private record Checked(String name, Channel channel, String category, @Nullable String subject,
			@Nullable String body, @Nullable String preheader, @Nullable String html) {

	}

}
