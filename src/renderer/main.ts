import { z } from 'zod';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// zod probes for eval to speed up parsing; the renderer's CSP forbids eval, so tell it not to try.
z.config({ jitless: true });

mount(App, { target: document.getElementById('app')! });
