import Database from 'better-sqlite3';
const P = Database.prototype; const S = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
const acc = new Map();
for (const m of ['run','all','get','iterate']) { const o = S[m]; S[m] = function(...a){ const t=performance.now(); try { return o.apply(this,a);} finally { const k=this.source.replace(/\s+/g,' ').slice(0,90); const e=acc.get(k)??[0,0]; e[0]+=performance.now()-t; e[1]++; acc.set(k,e);} }; }
const oe = P.exec; P.exec = function(s){ const t=performance.now(); try { return oe.call(this,s);} finally { const k='EXEC '+s.slice(0,40); const e=acc.get(k)??[0,0]; e[0]+=performance.now()-t; e[1]++; acc.set(k,e);} };
process.on('exit', ()=>{ const rows=[...acc].sort((a,b)=>b[1][0]-a[1][0]).slice(0,25); for (const [k,[t,n]] of rows) console.error(t.toFixed(0).padStart(7), String(n).padStart(7), k); });
