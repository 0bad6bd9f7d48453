// Starts the studio: Pinia for shared state, the router, and the session-expiry hook that sends the
// user to sign-in (remembering the page) when the API says the session is gone.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { onSessionExpired } from './api/client';
import { useSession } from './session/session-store';
import './shell/studio.css';

const app = createApp(App);
app.use(createPinia());
app.use(router);

onSessionExpired(() => {
  const session = useSession();
  if (!session.signedIn) return;
  session.markExpired();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ name: 'sign-in', query: { next: here.fullPath } });
});

app.mount('#app');
