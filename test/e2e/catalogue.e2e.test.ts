import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/bootstrap.js';
import { createTestApp, type TestApp } from '../helpers.js';
import { axeViolations, hasChromium, launchBrowser } from './browser.js';

// Journey: a visitor on a phone browses the demo, filters the catalogue, reads the Maputo
// market practice and follows its lineage to Durban and back — in a real browser.
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await createTestApp();
  await loadDemoIfEmpty(t.pontes);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.runIf(hasChromium)('browsing the catalogue in a browser', () => {
  it('filters, reads the Maputo market practice and follows its lineage both ways, on a phone-sized screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('Find a city that solved the problem you face');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practices' }).click();
    expect(page.url()).toMatch(/\/practices$/);
    await page.getByLabel(/Markets and street vending/).check();
    await page.getByLabel(/Only good practices/).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(page.url()).toMatch(/sectors=markets_street_vending/);
    expect(await axeViolations(page)).toEqual([]);
    const titles = await page.locator('.results article h2').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.some((title) => title.startsWith('Maputo: improving hygiene'))).toBe(true);

    await page.getByRole('link', { name: /^Maputo: improving hygiene/ }).click();
    expect(await page.locator('h1').textContent()).toContain('Maputo: improving hygiene');
    expect(await page.getByText(/Good practice · 4 criteria met/).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const lineage = page.locator('section.lineage');
    expect(await lineage.textContent()).toContain('Adapted from');
    await lineage.getByRole('link', { name: /^Durban/ }).click();
    expect(await page.locator('h1').textContent()).toContain('Durban');
    expect(await page.locator('section.lineage').textContent()).toContain('Adapted by');
    await page.locator('section.lineage').getByRole('link', { name: /^Maputo/ }).click();
    expect(await page.locator('h1').textContent()).toContain('Maputo: improving hygiene');

    // nothing overflows sideways on a phone
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    await context.close();
  });

  it('journey 1: a Maputo officer searches in Portuguese and finds peers, each with its reasons', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'pt-BR', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('searchbox', { name: 'Search practices, places and organisations' }).first().fill('higiene nos mercados e vendedores informais');
    await page.getByRole('button', { name: 'Search' }).first().click();
    expect(page.url()).toMatch(/\/search\?q=higiene/);
    const titles = await page.locator('.results article h2').allTextContents();
    expect(titles.slice(0, 4).some((title) => title.startsWith('Maputo: improving hygiene') || title.startsWith('Durban:'))).toBe(true);
    expect(await page.locator('.results mark').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find peers' }).click();
    await page.getByLabel('What do you need?').fill('vendedores ambulantes e higiene dos mercados');
    await page.getByLabel('Your city or municipality').fill('Maputo');
    await page.getByRole('button', { name: 'Find peers' }).click();
    expect(await page.locator('.note').first().textContent()).toContain('Your place: Maputo');
    const first = page.locator('ol.matches li').first();
    expect(await first.locator('h3').textContent()).toMatch(/Durban|Belo Horizonte/);
    expect(await first.locator('.reasons').textContent()).toMatch(/answers your need/);
    expect(await page.locator('ol.matches .reasons').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/same region: Sub-Saharan Africa/)]));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
