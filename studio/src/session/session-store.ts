// Who is signed in. Loaded once from /auth/me; an expired session (any later 401) clears it and the
// router sends the user to sign-in with the page they were on, so they come back to it after.
import { defineStore } from 'pinia';
import { ApiError, api, request } from '../api/client';
import type { Me, User } from '../api/types';

export const useSession = defineStore('session', {
  state: () => ({
    user: null as User | null,
    teams: [] as { id: string; name: string }[],
    loaded: false,
    expired: false,
  }),
  getters: {
    signedIn: (state) => state.user !== null,
    isAdmin: (state) => state.user?.role === 'admin',
  },
  actions: {
    async load(): Promise<void> {
      try {
        const me = await request<Me>('GET', '/auth/me', { expectUnauthenticated: true });
        this.user = me.user;
        this.teams = me.teams;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        this.user = null;
        this.teams = [];
      } finally {
        this.loaded = true;
      }
    },
    async signIn(username: string, password: string): Promise<void> {
      await request('POST', '/auth/login', { body: { username, password }, expectUnauthenticated: true });
      this.expired = false;
      await this.load();
    },
    async signOut(): Promise<void> {
      try {
        await api.post('/auth/logout');
      } finally {
        this.user = null;
        this.teams = [];
      }
    },
    markExpired(): void {
      if (!this.user) return;
      this.user = null;
      this.teams = [];
      this.expired = true;
    },
  },
});
