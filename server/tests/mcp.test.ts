import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { DB, startApp, grantPublic, createEntry, listen, type TestApp } from './helpers/strapi';
import { createRole, cmCreate } from './helpers/roles';
import { registerJourneyMcpTools } from '../src/mcp';

/**
 * The journey tools on Strapi's MCP server (`/mcp`, admin tokens), reached the way an AI
 * assistant reaches them: the official MCP client over Streamable HTTP. Each tool's answer is
 * compared with the admin route it stands for, called with the same admin's JWT.
 */
const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';
const JOURNEY_TOOLS = [
  'journey_coverage_gaps',
  'journey_recommend',
  'journey_stage_demand',
  'journey_suggest_stages',
  'journey_tag_entry',
  'journey_write_next',
];

let app: TestApp;
let url: URL;
let admin: { jwt: string; mcp: Client };
const clients: Client[] = [];
const ids: Record<string, string> = {};

/** An admin user of a role, its JWT, and an admin token carrying every permission of the role. */
const adminOfRole = async (roleId: number, label: string) => {
  const { strapi } = app;
  const email = `${label}-${Date.now()}@test.local`;
  const password = 'Password123';
  const user = await strapi.admin.services.user.create({
    email,
    firstname: label,
    lastname: 'Test',
    password,
    roles: [roleId],
    isActive: true,
    registrationToken: null,
  });
  const login = await app.request().post('/admin/login').send({ email, password });
  const owned = await strapi.admin.services.permission.findUserPermissions(user);
  const token = await strapi.admin.services['api-token-admin'].create(
    {
      name: `${label} agent`,
      description: 'MCP test',
      lifespan: null,
      adminPermissions: owned.map((p: any) => ({
        action: p.action,
        subject: p.subject ?? null,
        properties: p.properties ?? {},
        conditions: p.conditions ?? [],
      })),
    },
    user
  );
  const client = new Client({ name: 'journey-test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${token.accessKey}` } },
    })
  );
  clients.push(client);
  return { jwt: login.body.data.token as string, mcp: client };
};

const call = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<any>;
/** The plugin's error answer inside an `isError` result. */
const refusal = (result: any) => {
  expect(result.isError).toBe(true);
  return JSON.parse(result.content[0].text).error;
};
const adminGet = (path: string, query: Record<string, string> = {}) =>
  app.request().get(path).query(query).set('Authorization', `Bearer ${admin.jwt}`);

// On SQLite only: the tools call the services and permission checks that every other
// file tests on all three databases; what is tested here is the MCP protocol and wiring.
// (About 20 s per database, and `npm test` keeps to 15 minutes on two cores.)
const describeOnce = DB === 'sqlite' ? describe : describe.skip;

describeOnce('journey MCP tools', () => {
  beforeAll(async () => {
    app = await startApp(
      { demand: { flushSeconds: 300 } },
      { beforeLoad: (strapi) => strapi.config.set('server.mcp.enabled', true) }
    );
    await listen(app);
    url = new URL(`http://127.0.0.1:${app.strapi.server.httpServer.address().port}/mcp`);
    const superAdmin = await app.strapi.admin.services.role.getSuperAdmin();
    admin = await adminOfRole(superAdmin.id, 'lead');

    await grantPublic(app, [
      'plugin::journey.recommend.find',
      `${WP}.find`,
      'api::case-study.case-study.find',
      `${BLOG}.find`,
    ]);
    ids.research = await createEntry(app, 'whitepaper', {
      title: 'Market research with analyst reports',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    ids.research2 = await createEntry(app, 'whitepaper', {
      title: 'Analyst reports for market research teams',
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    ids.draft = await createEntry(app, 'whitepaper', {
      title: 'Analyst reports on the market, for research',
      audience: 'b2c',
    });
    // Visitors at problem recognition get nothing of their stage: unmet demand, Write next.
    for (let i = 0; i < 3; i++)
      await app
        .request()
        .get('/api/journey/recommend')
        .query({ stage: 'problem-recognition', audience: 'b2b' })
        .expect(200);
    await app.strapi.plugin('journey').service('demand').flush();
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await app?.stop();
  });

  describe('tools/list', () => {
    it('lists the six journey tools with their argument and answer schemas', async () => {
      const { tools } = await admin.mcp.listTools();
      const journey = tools.filter((t) => t.name.startsWith('journey_'));
      expect(journey.map((t) => t.name).sort()).toEqual(JOURNEY_TOOLS);
      for (const tool of journey) {
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema?.type).toBe('object');
        expect(tool.description).toBeTruthy();
      }
      const tag = journey.find((t) => t.name === 'journey_tag_entry')!;
      const props = tag.inputSchema.properties as any;
      expect(tag.inputSchema.required).toEqual(
        expect.arrayContaining(['uid', 'documentId', 'stages'])
      );
      expect(props.uid.enum).toEqual(expect.arrayContaining([WP, BLOG]));
      expect(props.audience.enum).toEqual(['b2b', 'b2c', 'both']);
      const gaps = journey.find((t) => t.name === 'journey_coverage_gaps')!;
      expect((gaps.inputSchema.properties as any).audience.enum).toEqual(['all', 'b2b', 'b2c']);
    });
  });

  describe('journey_coverage_gaps', () => {
    it('lists exactly the gap cells of the coverage page, largest shortfall first', async () => {
      const result = await call(admin.mcp, 'journey_coverage_gaps', { audience: 'b2b' });
      expect(result.isError).toBeFalsy();
      const page = (await adminGet('/journey/coverage', { audience: 'b2b' }).expect(200)).body.data;
      const pageGaps = page.rows.flatMap((row: any) =>
        Object.entries(row.cells)
          .filter(([, cell]: any) => cell.gap)
          .map(([stage]) => `${row.uid}|${stage}`)
      );
      const { gaps, meta } = result.structuredContent;
      expect(gaps.map((g: any) => `${g.uid}|${g.stage}`).sort()).toEqual(pageGaps.sort());
      expect(gaps.length).toBeGreaterThan(0);
      for (const g of gaps) expect(g.missing).toBe(g.target - g.count);
      const missing = gaps.map((g: any) => g.missing);
      expect(missing).toEqual([...missing].sort((a, b) => b - a));
      expect(meta).toMatchObject({ audience: 'b2b', status: 'published' });
      // The published research whitepaper fills its cell: not a gap (default target 1).
      expect(gaps.find((g: any) => g.uid === WP && g.stage === 'b2b:research')).toBeUndefined();
    });

    it('narrows to one type, and names the allowed types for an unknown one', async () => {
      const one = await call(admin.mcp, 'journey_coverage_gaps', { type: WP, status: 'draft' });
      expect(one.structuredContent.types.map((t: any) => t.uid)).toEqual([WP]);
      expect(new Set(one.structuredContent.gaps.map((g: any) => g.uid))).toEqual(new Set([WP]));
      const bad = refusal(
        await call(admin.mcp, 'journey_coverage_gaps', { type: 'api::nope.nope' })
      );
      expect(bad).toMatchObject({ status: 400, details: { param: 'type' } });
      expect(bad.details.allowed).toContain(WP);
    });

    it('refuses a bad audience, naming the parameter and the allowed values', async () => {
      const result = await call(admin.mcp, 'journey_coverage_gaps', { audience: 'everyone' });
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/audience/);
      expect(result.content[0].text).toMatch(/"all"\|"b2b"\|"b2c"/);
    });

    it('refuses an unknown locale with the plugin error', async () => {
      const bad = refusal(await call(admin.mcp, 'journey_coverage_gaps', { locale: 'xx' }));
      expect(bad.details.param).toBe('locale');
    });
  });

  describe('journey_write_next and journey_stage_demand', () => {
    it('write next is the demand report ranking, led by the unmet stage', async () => {
      const result = await call(admin.mcp, 'journey_write_next', { audience: 'b2b', days: 7 });
      expect(result.isError).toBeFalsy();
      const report = (await adminGet('/journey/demand', { audience: 'b2b', days: '7' }).expect(200))
        .body.data;
      const { writeNext, meta } = result.structuredContent;
      expect(writeNext).toEqual(report.writeNext);
      expect(writeNext[0]).toMatchObject({
        rank: 1,
        stage: 'b2b:problem-recognition',
        requests: 3,
      });
      expect(meta).toMatchObject({ days: 7, audience: 'b2b' });
    });

    it('demand for a stage is its row of the report; a bare key means every framework that has it', async () => {
      const result = await call(admin.mcp, 'journey_stage_demand', {
        stage: 'b2b:problem-recognition',
      });
      expect(result.structuredContent.stages).toHaveLength(1);
      const [row] = result.structuredContent.stages;
      expect(row).toMatchObject({ id: 'b2b:problem-recognition', requests: 3, exact: 0 });
      expect(row.widened + row.empty).toBe(3); // none of the three got an entry of the stage
      expect(result.structuredContent.writeNext[0].stage).toBe('b2b:problem-recognition');
      const bare = await call(admin.mcp, 'journey_stage_demand', { stage: 'consideration' });
      expect(bare.structuredContent.stages.map((s: any) => s.id).sort()).toEqual([
        'b2b:consideration',
        'b2c:consideration',
      ]);
      const bad = refusal(await call(admin.mcp, 'journey_stage_demand', { stage: 'b2b:nope' }));
      expect(bad.details.param).toBe('stage');
      expect(bad.details.allowed).toContain('b2b:research');
    });
  });

  describe('journey_suggest_stages and journey_tag_entry', () => {
    it('suggests what the admin route suggests for the entry', async () => {
      const result = await call(admin.mcp, 'journey_suggest_stages', {
        uid: WP,
        documentId: ids.draft,
      });
      expect(result.isError).toBeFalsy();
      const route = (await adminGet(`/journey/suggest/${WP}/${ids.draft}`).expect(200)).body.data;
      expect(result.structuredContent).toEqual(route);
      expect(result.structuredContent.suggestions[0].stage).toBe('b2b:research');
      const missing = refusal(
        await call(admin.mcp, 'journey_suggest_stages', { uid: WP, documentId: 'nope' })
      );
      expect(missing).toMatchObject({ status: 404, details: { param: 'documentId' } });
    });

    it("tags an entry's draft (stages and audience), read back from the database", async () => {
      const result = await call(admin.mcp, 'journey_tag_entry', {
        uid: WP,
        documentId: ids.draft,
        stages: ['b2b:research', 'b2b:selection'],
        audience: 'b2b',
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        documentId: ids.draft,
        stages: ['b2b:research', 'b2b:selection'],
        primary: 'b2b:research',
        audience: 'b2b',
      });
      const stored = await app.strapi.documents(WP).findOne({
        documentId: ids.draft,
        status: 'draft',
        populate: ['journeyStages'],
      });
      expect(stored.journeyAudience).toBe('b2b');
      expect(stored.journeyStages.map((s: any) => s.stageId)).toEqual([
        'b2b:research',
        'b2b:selection',
      ]);
    });

    it('refuses an unknown stage, naming the stage ids', async () => {
      const bad = refusal(
        await call(admin.mcp, 'journey_tag_entry', {
          uid: WP,
          documentId: ids.draft,
          stages: ['x'],
        })
      );
      expect(bad).toMatchObject({ status: 400, details: { param: 'stages[0]' } });
      expect(bad.details.allowed).toContain('b2c:advocacy');
    });
  });

  describe('journey_recommend', () => {
    it('answers as the Public role by default, with what the endpoint would answer', async () => {
      const result = await call(admin.mcp, 'journey_recommend', {
        stage: 'research',
        audience: 'b2b',
      });
      expect(result.isError).toBeFalsy();
      const { data, meta } = result.structuredContent;
      expect(data[0]).toMatchObject({ documentId: ids.research });
      expect(meta.preview).toMatchObject({ role: { type: 'public' }, endpointStatus: 200 });
    });

    it('answers as a role named, and names the roles for an unknown one', async () => {
      const result = await call(admin.mcp, 'journey_recommend', {
        stage: 'b2b:research',
        role: 'authenticated',
      });
      expect(result.structuredContent.meta.preview.role.type).toBe('authenticated');
      const bad = refusal(
        await call(admin.mcp, 'journey_recommend', { stage: 'research', role: 'Robots' })
      );
      expect(bad.details).toMatchObject({ param: 'role', allowed: ['Authenticated', 'Public'] });
    });
  });

  describe('a restricted admin', () => {
    it('sees only the entry tools, for the types it may edit, and may tag only its own entries', async () => {
      // An author: blog posts only, own entries only, no journey permission.
      const role = await createRole(app, 'author', [
        { uid: BLOG, actions: ['read', 'create', 'update'], conditions: ['admin::is-creator'] },
      ]);
      const author = await adminOfRole(role.id, 'author');
      const { tools } = await author.mcp.listTools();
      const names = tools.map((t) => t.name).filter((n) => n.startsWith('journey_'));
      expect(names.sort()).toEqual(['journey_suggest_stages', 'journey_tag_entry']);
      const tag = tools.find((t) => t.name === 'journey_tag_entry')!;
      expect((tag.inputSchema.properties as any).uid.enum).toEqual([BLOG]);

      // Not listed = not callable.
      await expect(call(author.mcp, 'journey_coverage_gaps')).rejects.toThrow(/disabled/);

      const own = await cmCreate(app, author.jwt, BLOG, { title: 'My post', summary: 'Mine' });
      const mine = await call(author.mcp, 'journey_tag_entry', {
        uid: BLOG,
        documentId: own,
        stages: ['b2c:advocacy'],
        audience: 'b2c',
      });
      expect(mine.structuredContent).toMatchObject({ stages: ['b2c:advocacy'], audience: 'b2c' });

      const others = await createEntry(app, 'blog-post', { title: 'Not mine', audience: 'b2c' });
      const refused = refusal(
        await call(author.mcp, 'journey_tag_entry', {
          uid: BLOG,
          documentId: others,
          stages: ['b2c:advocacy'],
        })
      );
      expect(refused.status).toBe(403);
      const stored = await app.strapi
        .documents(BLOG)
        .findOne({ documentId: others, populate: ['journeyStages'] });
      expect(stored.journeyStages).toEqual([]);
    });

    it('a token without journey or Content Manager permissions is offered no journey tool', async () => {
      const role = await createRole(app, 'nobody', []);
      const nobody = await adminOfRole(role.id, 'nobody');
      const { tools } = await nobody.mcp.listTools();
      expect(tools.filter((t) => t.name.startsWith('journey_'))).toEqual([]);
      await expect(
        call(nobody.mcp, 'journey_tag_entry', { uid: WP, documentId: ids.draft, stages: [] })
      ).rejects.toThrow(/disabled/);
    });
  });

  describe('registration on a Strapi without MCP', () => {
    const log = () => ({ debug: jest.fn(), info: jest.fn(), warn: jest.fn() });

    it('does nothing, without throwing, when strapi.ai is absent (Strapi before 5.47)', () => {
      const strapi = { log: log() };
      expect(registerJourneyMcpTools(strapi)).toEqual([]);
      expect(strapi.log.debug).toHaveBeenCalledTimes(1);
    });

    it('does nothing when looking up strapi.ai throws, or the MCP server is disabled', () => {
      const throwing = {
        log: log(),
        get ai(): never {
          throw new Error('Could not resolve service ai');
        },
      };
      expect(registerJourneyMcpTools(throwing)).toEqual([]);
      const registerTool = jest.fn();
      const disabled = { log: log(), ai: { mcp: { isEnabled: () => false, registerTool } } };
      expect(registerJourneyMcpTools(disabled)).toEqual([]);
      expect(registerTool).not.toHaveBeenCalled();
    });

    it('loads the server entry with an @strapi/utils that exports no zod, and registers nothing', () => {
      // Every schema is built on call: loading the plugin must not need `z` where MCP is absent.
      jest.isolateModules(() => {
        jest.doMock('@strapi/utils', () => {
          const { z: _zod, ...withoutZod } = jest.requireActual('@strapi/utils');
          return withoutZod;
        });
        expect(require('@strapi/utils').z).toBeUndefined();
        expect(typeof require('../src/index').default.bootstrap).toBe('function');
        expect(require('../src/mcp').registerJourneyMcpTools({ log: log() })).toEqual([]);
      });
    });

    it('logs, without throwing, when the MCP server has already started', () => {
      // The booted app's MCP server is running: Strapi refuses late tools; the plugin says so.
      const warn = jest.spyOn(app.strapi.log, 'warn');
      expect(registerJourneyMcpTools(app.strapi)).toEqual([]);
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
        /journey_tag_entry not registered/
      );
      warn.mockRestore();
    });
  });
});
