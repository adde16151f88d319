/* Runs before the first paint (loaded without defer in <head>): marks <html class="js">
   so CSS can lay the page out as app.js will leave it (e.g. the collapsed phone
   navigation), and nothing shifts when it runs. */
document.documentElement.classList.add("js");
