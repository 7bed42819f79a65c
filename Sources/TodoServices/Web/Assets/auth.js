// The sign-in form, which also creates accounts.
import { api, session } from "./api.js";
import { byId } from "./dom.js";

/** Wires the form; `onSignedIn(user)` runs after a successful sign-in or registration. */
export function setUpSignIn(onSignedIn) {
  const form = byId("signin-form");
  const error = byId("signin-error");
  let registering = false;

  function setMode(register) {
    registering = register;
    byId("signin-heading").textContent = register ? "Create an account" : "Sign in";
    byId("signin-submit").textContent = register ? "Create account" : "Sign in";
    byId("signin-switch-text").textContent = register ? "Have an account?" : "No account yet?";
    byId("signin-switch").textContent = register ? "Sign in instead" : "Create an account";
    byId("name-field").hidden = !register;
    byId("signin-password").autocomplete = register ? "new-password" : "current-password";
    error.textContent = "";
  }

  byId("signin-switch").addEventListener("click", () => {
    setMode(!registering);
    byId(registering ? "signin-name" : "signin-email").focus();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const email = byId("signin-email").value.trim();
    const password = byId("signin-password").value;
    if (!email || !password) {
      error.textContent = "Enter your email and password.";
      return;
    }
    const body = { email, password };
    const name = byId("signin-name").value.trim();
    if (registering && name) body.name = name;
    const submit = byId("signin-submit");
    submit.disabled = true;
    try {
      const answer = await api("POST", registering ? "/auth/register" : "/auth/login", body, { anonymous: true });
      session.token = answer.token;
      byId("signin-password").value = "";
      onSignedIn(answer.user);
    } catch (failure) {
      error.textContent = failure.message;
      byId("signin-password").focus();
    } finally {
      submit.disabled = false;
    }
  });

  return { reset: () => setMode(false) };
}
