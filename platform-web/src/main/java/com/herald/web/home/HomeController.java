package com.herald.web.home;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page after sign-in: what this role can do. */
@Controller
class HomeController {

	@GetMapping("/")
	String home() {
		return "home";
	}

}
