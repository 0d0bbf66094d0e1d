#!/usr/bin/env node
/*
 * Talks to the skill's web service through virtual-alexa and an interaction
 * model, the way a person would: by spoken utterances, resolved to intents
 * by the model's sample utterances.
 *
 * Input: a JSON script
 *   {"url": "http://127.0.0.1:PORT/", "modelFile": "interaction_models/en-US.json",
 *    "locale": "en-US", "steps": ["open back pain check", "yes please", ...],
 *    "keepGoing": false, "fresh": true}
 * A step is an utterance string, or {"say": "...", "expect": "IntentName"}.
 * "open <invocation name>" (also launch/start/ask/talk to/tell) is a
 * LaunchRequest; anything else must resolve to an intent of the model.
 *
 * Output: one JSON object per script:
 *   {"ok": bool, "locale", "invocationName", "userId", "errors": [...],
 *    "steps": [{"say", "route", "sample", "intent", "request", "response", "error"?}]}
 * where "intent" is the intent name of the request virtual-alexa actually
 * sent ("LaunchRequest" for a launch; an utterance that resolves to another
 * intent than "expect" is reported and not sent), "sample" the model sample
 * it matched, "request" {type, intent, slots, locale, new, attributes} as sent, and
 * "response" the skill's JSON reply.
 *
 * Modes:
 *   node driver.js          one script on stdin, one result on stdout; exit 1
 *                           (message on stderr) if an utterance does not
 *                           resolve, resolves to another intent than
 *                           "expect", or the skill fails. With "keepGoing"
 *                           every step runs and every error is listed.
 *   node driver.js --lines  one script per stdin line, one result per stdout
 *                           line, until stdin closes; errors are reported in
 *                           the result ("ok": false) and the process goes on.
 *                           "fresh": false continues the previous script's
 *                           virtual device (same user, same open session).
 *
 * A virtual-alexa 0.7.8 bug worked around here: utter() treats any text that
 * merely contains "ask", "open", "launch", "talk to" or "tell" (the regex is
 * unanchored: "why do you ask", "I can't tell") as a LaunchRequest, and the
 * text "exit" as SessionEndedRequest. Real Alexa does neither inside a
 * session. Such texts are resolved with the same matcher utter() uses
 * (virtual-core's Utterance over the model) and sent as that intent
 * ("route": "direct"); every other text goes through utter() ("route": "utter").
 */
"use strict";

const fs = require("fs");
const readline = require("readline");
const { VirtualAlexa } = require("virtual-alexa");
const { Utterance } = require("virtual-core");

const LAUNCH_VERBS = ["open", "launch", "start", "ask", "talk to", "tell"];

/* The cleaning virtual-core applies before matching, plus case and spaces. */
function normalise(text) {
    return String(text)
        .replace(/[!"¿?|#$%/()=+\-_<>*{}·¡[\].,;:]/g, "")
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .join(" ");
}

function readModel(modelFile) {
    const json = JSON.parse(fs.readFileSync(modelFile, "utf8"));
    const languageModel = json.interactionModel ? json.interactionModel.languageModel : json.languageModel || json;
    return { invocationName: languageModel.invocationName, intents: languageModel.intents.map((i) => i.name) };
}

class Session {
    constructor(config) {
        this.config = config;
        this.model = readModel(config.modelFile);
        this.launchPhrases = new Set(LAUNCH_VERBS.map((v) => normalise(`${v} ${this.model.invocationName}`)));
        this.alexa = VirtualAlexa.Builder()
            .skillURL(config.url)
            .interactionModelFile(config.modelFile)
            .locale(config.locale)
            .create();
        this.sent = null;
        // The request exactly as virtual-alexa built it, just before it is posted.
        this.alexa.filter((request) => {
            this.sent = JSON.parse(JSON.stringify(request));
        });
    }

    sameConfig(config) {
        return ["url", "modelFile", "locale"].every((k) => this.config[k] === config[k]);
    }

    async step(raw) {
        const step = typeof raw === "string" ? { say: raw } : raw;
        const say = step.say;
        const record = { say };
        if (typeof say !== "string" || !say.trim()) {
            record.error = `step ${JSON.stringify(raw)} has no utterance`;
            return record;
        }
        this.sent = null;
        let call;
        if (this.launchPhrases.has(normalise(say))) {
            record.route = "launch";
            call = () => this.alexa.launch();
        } else {
            const utterance = new Utterance(this.alexa.context().interactionModel(), say);
            if (!utterance.matched()) {
                record.error = `utterance ${JSON.stringify(say)} does not resolve to any intent of ${this.config.modelFile}`;
                return record;
            }
            record.sample = utterance.matchedSample.phrase;
            if (step.expect && utterance.intent() !== step.expect) {
                // Not sent: a wrong intent would only move the conversation somewhere unplanned.
                record.intent = utterance.intent();
                record.error = `utterance ${JSON.stringify(say)} resolved to ${record.intent} `
                    + `(matched sample ${JSON.stringify(record.sample)}), expected ${step.expect}; not sent`;
                return record;
            }
            const trapped = say.trim().toLowerCase() === "exit" || this.alexa.parseLaunchRequest(say) !== undefined;
            if (trapped) {
                record.route = "direct";
                call = () => this.alexa.call(this.alexa.request().intent(utterance.intent()).slots(utterance.toJSON()));
            } else {
                record.route = "utter";
                call = () => this.alexa.utter(say);
            }
        }
        try {
            const response = await call();
            record.response = JSON.parse(JSON.stringify(response));
        } catch (e) {
            record.error = `the skill failed on ${JSON.stringify(say)}: ${e && e.message ? e.message : e}`;
        }
        if (this.sent) {
            const r = this.sent.request || {};
            record.intent = r.type === "IntentRequest" ? r.intent.name : r.type;
            record.request = {
                type: r.type,
                intent: r.intent ? r.intent.name : null,
                slots: r.intent && r.intent.slots ? r.intent.slots : null,
                locale: r.locale,
                new: this.sent.session ? this.sent.session.new : null,
                attributes: this.sent.session ? this.sent.session.attributes || null : null,
            };
        }
        if (!record.error && step.expect && record.intent !== step.expect) {
            const via = record.sample !== undefined ? ` (matched sample ${JSON.stringify(record.sample)})` : "";
            record.error = `utterance ${JSON.stringify(say)} resolved to ${record.intent}${via}, expected ${step.expect}`;
        }
        return record;
    }
}

let current = null;

async function runScript(script) {
    const config = { url: script.url, modelFile: script.modelFile, locale: script.locale };
    if (current && (config.url === undefined || config.modelFile === undefined || config.locale === undefined)) {
        for (const k of Object.keys(config)) {
            if (config[k] === undefined) config[k] = current.config[k];
        }
    }
    for (const k of ["url", "modelFile", "locale"]) {
        if (!config[k]) throw new Error(`script needs "${k}"`);
    }
    if (!Array.isArray(script.steps)) throw new Error('script needs "steps": [utterances]');
    if (script.fresh !== false || !current || !current.sameConfig(config)) {
        current = new Session(config);
    }
    const result = {
        ok: true,
        locale: config.locale,
        invocationName: current.model.invocationName,
        userId: current.alexa.context().user().id(),
        steps: [],
        errors: [],
    };
    for (let i = 0; i < script.steps.length; i++) {
        const record = await current.step(script.steps[i]);
        result.steps.push(record);
        if (record.error) {
            result.ok = false;
            result.errors.push(`step ${i + 1}: ${record.error}`);
            if (!script.keepGoing) break;
        }
    }
    return result;
}

async function batch() {
    const input = fs.readFileSync(0, "utf8");
    let result;
    try {
        result = await runScript(JSON.parse(input));
    } catch (e) {
        process.stderr.write(`driver: ${e.message}\n`);
        process.exit(2);
    }
    process.stdout.write(JSON.stringify(result) + "\n");
    if (!result.ok) {
        process.stderr.write(`driver: ${result.errors.length} failed step(s):\n  ${result.errors.join("\n  ")}\n`);
        process.exitCode = 1;
    }
}

async function lines() {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
        if (!line.trim()) continue;
        let result;
        try {
            result = await runScript(JSON.parse(line));
        } catch (e) {
            result = { ok: false, errors: [`bad script: ${e.message}`], steps: [] };
        }
        process.stdout.write(JSON.stringify(result) + "\n");
    }
}

(process.argv.includes("--lines") ? lines() : batch()).catch((e) => {
    process.stderr.write(`driver: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
});
